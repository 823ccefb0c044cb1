package org.erlangen.neo4j.memory;

import static org.erlangen.neo4j.model.MemoryEstimate.human;

/**
 * The plugin's one memory limit ({@code dbms.erlangen.memory.limit}), shared by every running call and every model
 * held in memory: a call reserves what it will allocate before allocating it, grows its reservation as it learns
 * more (real feature widths, classes, graphs), and gives it all back when it ends, however it ends. Models in the
 * catalog count with the bytes their arrays hold, as the catalog reports them at each reservation, and so do the
 * arenas that idle {@link StepThreads} keep; when a call needs their room, they are freed first.
 */
public final class PluginMemory {
    private static final PluginMemory INSTANCE = new PluginMemory();

    private long calls;
    private int callCount;

    public static PluginMemory instance() {
        return INSTANCE;
    }

    /** Bytes reserved by running calls now. */
    public synchronized long reserved() {
        return calls;
    }

    /** How many calls hold a reservation now. */
    public synchronized int callCount() {
        return callCount;
    }

    /**
     * Opens an empty reservation for a call.
     *
     * @param limit the plugin's limit in bytes
     * @param models the bytes held by models in memory, which count against the same limit
     * @param what the procedure, for messages
     */
    public synchronized Reservation open(long limit, long models, String what) {
        callCount++;
        return new Reservation(this, limit, models, what);
    }

    /** Adds {@code bytes} to a call's reservation, or refuses with a message saying what holds the rest. */
    synchronized void grow(Reservation r, long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("cannot reserve " + bytes + " bytes");
        }
        long free = r.limit() - calls - r.models() - StepThreads.instance().idleArenaBytes();
        if (bytes > free && StepThreads.instance().idleCount() > 0) {
            StepThreads.instance().freeIdle();
            free = r.limit() - calls - r.models() - StepThreads.instance().idleArenaBytes();
        }
        if (bytes > free) {
            throw new IllegalArgumentException(r.what() + " needs " + human(r.held() + bytes) + " but only "
                    + human(Math.max(0, free + r.held())) + " of the plugin's " + human(r.limit())
                    + " (the least of dbms.erlangen.memory.limit and the server's db.memory.transaction.max, "
                    + "db.memory.transaction.total.max and dbms.memory.transaction.total.max) are free for it: "
                    + human(calls - r.held()) + " held by "
                    + (callCount - 1) + " other running call(s), " + human(r.models())
                    + " by models in memory; drop models that are no longer needed (erlangen.model.drop) or try "
                    + "again when other calls have ended");
        }
        calls += bytes;
    }

    synchronized void close(long bytes) {
        calls -= bytes;
        callCount--;
    }
}
