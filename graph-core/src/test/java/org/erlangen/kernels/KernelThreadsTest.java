package org.erlangen.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The process keeps one bounded set of kernel threads, whatever levels its callers ask for, and lets them go idle. */
class KernelThreadsTest {
    private static final int ROWS = 1000;

    @AfterEach
    void restore() {
        Concurrency.setLimit(Integer.MAX_VALUE);
        Concurrency.setKeepAlive(Duration.ofSeconds(60));
    }

    @Test
    void manyLevelsShareOneSetOfThreadsCappedByTheLimit() {
        Concurrency.setLimit(6);
        for (int level = 1; level <= 64; level++) {
            try (var threads = Concurrency.scope(level)) {
                assertEquals(Math.min(level, 6), Concurrency.level());
                visitEveryRowOnce(level);
            }
        }
        long workers = kernelThreads() - poolThreads();
        assertTrue(workers <= 5, "levels 1..64 under a limit of 6 left " + workers
                + " spinning workers (at most 5 expected: the caller runs one block)");
        long pool = poolThreads();
        int processors = Runtime.getRuntime().availableProcessors();
        assertTrue(pool <= Math.min(6, processors), "the pool has " + pool + " threads, more than the limit (6) or "
                + "the processors (" + processors + ")");
    }

    @Test
    void idleThreadsExitAfterTheKeepAliveAndComeBackWhenNeeded() throws InterruptedException {
        Concurrency.setKeepAlive(Duration.ofMillis(100));
        try (var threads = Concurrency.scope(4)) {
            visitEveryRowOnce(4);
        }
        assertTrue(kernelThreads() > 0, "the workers ran the blocks");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (kernelThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, kernelThreads(), "idle kernel threads left after the keep-alive");
        try (var threads = Concurrency.scope(4)) {
            visitEveryRowOnce(4); // new workers start for the next caller
        }
    }

    private static void visitEveryRowOnce(int blocks) {
        var visits = new AtomicIntegerArray(ROWS);
        Parallel.forBlocks(ROWS, blocks, (from, to) -> {
            for (int r = from; r < to; r++) {
                visits.incrementAndGet(r);
            }
        });
        for (int r = 0; r < ROWS; r++) {
            assertEquals(1, visits.get(r), "row " + r + " with " + blocks + " blocks");
        }
    }

    private static long poolThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("erlangen-kernel-pool")).count();
    }

    private static long kernelThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("erlangen-kernel")).count();
    }
}
