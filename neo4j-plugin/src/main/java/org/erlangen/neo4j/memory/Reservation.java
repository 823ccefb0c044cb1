package org.erlangen.neo4j.memory;

/**
 * The bytes one call holds under the plugin's limit, grown as the call learns what it needs and given back whole
 * when closed (closing twice gives them back once). Safe to grow from the call's reader threads.
 */
public final class Reservation implements AutoCloseable {
    private final PluginMemory memory;
    private final long limit;
    private final long models;
    private final String what;
    private long held;
    private boolean closed;

    Reservation(PluginMemory memory, long limit, long models, String what) {
        this.memory = memory;
        this.limit = limit;
        this.models = models;
        this.what = what;
    }

    /** Grows the reservation to at least {@code bytes}, or throws, holding what it held, when they are not free. */
    public void atLeast(long bytes) {
        synchronized (memory) {
            if (closed) {
                throw new IllegalStateException("the reservation of " + what + " is closed");
            }
            if (bytes > held) {
                memory.grow(this, bytes - held);
                held = bytes;
            }
        }
    }

    /** Adds {@code bytes} to the reservation, or throws when they are not free. */
    public void add(long bytes) {
        synchronized (memory) {
            atLeast(held + bytes);
        }
    }

    public long held() {
        synchronized (memory) {
            return held;
        }
    }

    long limit() {
        return limit;
    }

    long models() {
        return models;
    }

    String what() {
        return what;
    }

    @Override
    public void close() {
        synchronized (memory) {
            if (!closed) {
                closed = true;
                memory.close(held);
            }
        }
    }
}
