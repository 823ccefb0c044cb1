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
    /**
     * Above this much work rows run in slabs of about this much, with {@link Termination#check()} between them: a
     * sparse product over a hundred million edges alone runs for seconds. Rows are independent, so slabs give the
     * same values. About 10 ms on one thread in the steady state; in a step's first pass, where every output is fresh
     * memory and the first touch of a page is slow (3-5 ms per MB on one virtual machine here), a [3000, 4096]
     * aggregation or dropout took 0.6-0.8 s as one slab of the 2^27 this used to be.
     */
    static final long CHECKED_WORK = 1L << 23;

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
        long work = work(0, rows, ptr, width);
        if (work <= CHECKED_WORK || rows < 2) {
            forRows(0, rows, ptr, work, body);
            return;
        }
        int slabs = (int) Math.min(rows, (work + CHECKED_WORK - 1) / CHECKED_WORK);
        int[] bounds = balancedBounds(0, rows, ptr, slabs);
        for (int s = 0; s < slabs; s++) {
            Termination.check();
            forRows(bounds[s], bounds[s + 1], ptr, work(bounds[s], bounds[s + 1], ptr, width), body);
        }
    }

    /** Rows {@code [from, to)}, of {@code work} entries plus rows times features, split over the threads. */
    private static void forRows(int from, int to, int[] ptr, long work, RowRange body) {
        int threads = Concurrency.level();
        int rows = to - from;
        if (threads == 1 || work < MIN_PARALLEL_WORK || rows < 2) {
            body.run(from, to);
            return;
        }
        runBlocks(balancedBounds(from, to, ptr, Math.min(rows, threads)), body);
    }

    private static long work(int from, int to, int[] ptr, int width) {
        long entries = ptr == null ? to - from : ptr[to] - ptr[from];
        return (entries + to - from) * Math.max(1, width);
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
        runBlocks(balancedBounds(0, rows, null, n), body);
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

    /** Boundaries of blocks of rows {@code [from, to)} such that each holds about the same entries plus rows. */
    static int[] balancedBounds(int from, int to, int[] ptr, int blocks) {
        int rows = to - from;
        int[] bounds = new int[blocks + 1];
        bounds[0] = from;
        bounds[blocks] = to;
        if (ptr == null) {
            for (int b = 1; b < blocks; b++) {
                bounds[b] = from + (int) ((long) rows * b / blocks);
            }
            return bounds;
        }
        long total = (long) ptr[to] - ptr[from] + rows;
        int r = from;
        for (int b = 1; b < blocks; b++) {
            long target = total * b / blocks;
            while (r < to && (long) ptr[r] - ptr[from] + (r - from) < target) {
                r++;
            }
            bounds[b] = r;
        }
        return bounds;
    }
}
