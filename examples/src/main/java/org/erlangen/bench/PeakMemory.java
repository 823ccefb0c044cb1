package org.erlangen.bench;

import java.lang.management.ManagementFactory;
import org.bytedeco.javacpp.Pointer;

/**
 * The highest memory a call uses in this process, sampled every 10 ms on a watcher thread: heap in use (garbage not
 * yet collected included, as any heap figure) plus the resident memory beyond the heap's committed size (ND4J's
 * arrays and arenas, Neo4j's page cache, the JVM's own). Both sides run in the same process, so what differs between
 * their figures is what each call adds; GDS keeps its projection on the heap, so it is in.
 */
final class PeakMemory implements AutoCloseable {
    private static final double GIB = 1024.0 * 1024 * 1024;

    private final Thread watcher;
    private volatile boolean running = true;
    private volatile long peak;

    private PeakMemory() {
        watcher = new Thread(() -> {
            while (running) {
                peak = Math.max(peak, now());
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "peak-memory");
        watcher.setDaemon(true);
        watcher.start();
    }

    static PeakMemory watch() {
        return new PeakMemory();
    }

    private static long now() {
        long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return heapUsed + Math.max(0, Pointer.physicalBytes() - Runtime.getRuntime().totalMemory());
    }

    /** The peak so far, in GiB. */
    double gib() {
        return Math.max(peak, now()) / GIB;
    }

    @Override
    public void close() {
        running = false;
        watcher.interrupt();
    }
}
