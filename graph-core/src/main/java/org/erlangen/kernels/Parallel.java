package org.erlangen.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Runs a kernel over disjoint blocks of output rows, with {@link Concurrency#level()} threads. Each block writes
 * only its own rows, so no atomics are needed and the result does not depend on the number of threads.
 */
public final class Parallel {
    /** Below this much work (entries times features) one thread is faster than handing out blocks. */
    private static final long MIN_PARALLEL_WORK = 1 << 15;

    @FunctionalInterface
    public interface RowRange {
        void run(int from, int to);
    }

    private Parallel() {
    }

    /**
     * Splits rows {@code [0, rows)} into blocks of about equal work, where row r costs {@code ptr[r+1]-ptr[r]}
     * entries plus one, and runs {@code body} on each block.
     */
    public static void forRows(int rows, int[] ptr, int width, RowRange body) {
        int threads = Concurrency.level();
        long entries = ptr == null ? rows : ptr[rows] - ptr[0];
        long work = (entries + rows) * Math.max(1, width);
        if (threads == 1 || work < MIN_PARALLEL_WORK || rows < 2) {
            body.run(0, rows);
            return;
        }
        int[] bounds = balancedBounds(rows, ptr, Math.min(rows, threads));
        runBlocks(bounds, body);
    }

    /**
     * Runs {@code body} on {@code blocks} contiguous blocks of about equal size of rows {@code [0, rows)}: the first
     * on the calling thread, the others on the kernel pool, returning when all are done. For work that is already
     * split into as many calls as there are threads (a dense product per block), where {@link #forRows}'s finer
     * blocks would only add calls.
     */
    public static void forBlocks(int rows, int blocks, RowRange body) {
        int n = Math.max(1, Math.min(blocks, rows));
        if (n == 1) {
            body.run(0, rows);
            return;
        }
        runBlocks(balancedBounds(rows, null, n), body);
    }

    /**
     * The first block on the calling thread, the others on the kernel workers (or, when another caller is using
     * them, on the kernel pool); returns when all are done.
     */
    private static void runBlocks(int[] bounds, RowRange body) {
        int n = bounds.length - 1;
        if (Workers.insideKernel() || Concurrency.inPool()) {
            body.run(bounds[0], bounds[n]); // already inside a kernel: do not wait on our own threads
            return;
        }
        if (Concurrency.workers().tryRun(bounds, body, Concurrency.level())) {
            return;
        }
        var pool = Concurrency.pool();
        List<Future<?>> others = new ArrayList<>(n - 1);
        for (int b = 1; b < n; b++) {
            int from = bounds[b];
            int to = bounds[b + 1];
            others.add(pool.submit(() -> body.run(from, to)));
        }
        RuntimeException first = null;
        try {
            body.run(bounds[0], bounds[1]);
        } catch (RuntimeException e) {
            first = e;
        }
        try {
            for (Future<?> f : others) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running a kernel", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (first == null && cause instanceof RuntimeException re) {
                first = re;
            } else if (cause instanceof Error err) {
                throw err;
            } else if (first == null) {
                first = new IllegalStateException(cause);
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Block boundaries such that each block holds about the same number of entries plus rows. */
    static int[] balancedBounds(int rows, int[] ptr, int blocks) {
        int[] bounds = new int[blocks + 1];
        bounds[blocks] = rows;
        if (ptr == null) {
            for (int b = 1; b < blocks; b++) {
                bounds[b] = (int) ((long) rows * b / blocks);
            }
            return bounds;
        }
        long total = (long) ptr[rows] - ptr[0] + rows;
        int r = 0;
        for (int b = 1; b < blocks; b++) {
            long target = total * b / blocks;
            while (r < rows && (long) ptr[r] - ptr[0] + r < target) {
                r++;
            }
            bounds[b] = r;
        }
        return bounds;
    }
}
