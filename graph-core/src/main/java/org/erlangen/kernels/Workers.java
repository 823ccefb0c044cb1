package org.erlangen.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The kernel threads of one concurrency level. A worker that finishes a block spins for a short while before it
 * parks, so the next kernel of a training step, usually a few tens of microseconds later, reaches it without a
 * wake-up: handing a block to a parked ForkJoinPool worker and getting it back took about 50 µs here, and a GIN step
 * hands out blocks some 35 times. One caller at a time; {@link #tryRun} declines when another caller holds them.
 */
final class Workers {
    /** How long an idle worker waits for the next block before parking. */
    private static final long SPIN_NANOS = 200_000;
    /** How long the caller spins for the other blocks before it starts yielding its core. */
    private static final long WAIT_SPIN_NANOS = 50_000;

    private final Worker[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();

    /** {@code threads - 1} workers: the caller runs the first block itself. */
    Workers(int threads) {
        // spinning only pays while every worker and the caller have a core of their own
        long spin = threads <= Runtime.getRuntime().availableProcessors() ? SPIN_NANOS : 0;
        workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker("erlangen-kernel-" + threads + "-" + i, spin);
            workers[i].start();
        }
    }

    /** Whether the current thread is one of the kernel workers (a kernel called inside a kernel runs inline). */
    static boolean insideKernel() {
        return Thread.currentThread() instanceof Worker;
    }

    /**
     * Runs {@code body} on the blocks {@code [bounds[b], bounds[b + 1])}, the first on the calling thread and the
     * others on the workers, and returns true when all are done; returns false at once, running nothing, when there
     * are fewer workers than blocks minus one or another caller is using them.
     */
    boolean tryRun(int[] bounds, Parallel.RowRange body) {
        int others = bounds.length - 2;
        if (others > workers.length || !busy.compareAndSet(false, true)) {
            return false;
        }
        try {
            Task[] tasks = new Task[others];
            for (int b = 0; b < others; b++) {
                tasks[b] = new Task(body, bounds[b + 1], bounds[b + 2]);
                workers[b].hand(tasks[b]);
            }
            Throwable failure = null;
            try {
                body.run(bounds[0], bounds[1]);
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            for (Task t : tasks) {
                t.await();
                if (failure == null) {
                    failure = t.failure;
                }
            }
            if (failure instanceof RuntimeException re) {
                throw re;
            }
            if (failure instanceof Error err) {
                throw err;
            }
            return true;
        } finally {
            busy.set(false);
        }
    }

    /** One block: its bounds, and once done, whether it failed. */
    private static final class Task {
        final Parallel.RowRange body;
        final int from;
        final int to;
        Throwable failure;
        volatile boolean done;

        Task(Parallel.RowRange body, int from, int to) {
            this.body = body;
            this.from = from;
            this.to = to;
        }

        void run() {
            try {
                body.run(from, to);
            } catch (Throwable e) {
                failure = e;
            }
            done = true; // publishes the block's writes and failure to the caller
        }

        void await() {
            long start = System.nanoTime();
            while (!done) {
                if (System.nanoTime() - start < WAIT_SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }
    }

    private static final class Worker extends Thread {
        private final long spinNanos;
        private volatile Task task;

        Worker(String name, long spinNanos) {
            super(name);
            this.spinNanos = spinNanos;
            setDaemon(true);
        }

        void hand(Task t) {
            task = t;
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            long idleSince = System.nanoTime();
            while (true) {
                Task t = task;
                if (t != null) {
                    task = null;
                    t.run();
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < spinNanos) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this); // hand() unparks; a spurious return just looks again
                }
            }
        }
    }
}
