package org.erlangen.bench;

import java.lang.management.ManagementFactory;
import org.bytedeco.javacpp.Pointer;

/**
 * The highest memory a call uses in this process, sampled every 10 ms on a watcher thread: heap in use (garbage not
 * yet collected included, as any heap figure) plus the off-heap bytes JavaCPP holds (ND4J's arrays and arenas). Neo4j's
 * page cache is neither and is left out; GDS keeps its projection on the heap, so it is in.
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
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() + Pointer.totalBytes();
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
