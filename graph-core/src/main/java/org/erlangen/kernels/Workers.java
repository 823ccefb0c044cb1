package org.erlangen.kernels;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The process's spinning kernel threads. A worker that finishes a block spins for a short while before it parks, so
 * the next kernel of a training step, usually a few tens of microseconds later, reaches it without a wake-up: handing
 * a block to a parked ForkJoinPool worker and getting it back took about 50 µs here, and a GIN step hands out blocks
 * some 35 times. One caller at a time, whatever its level; {@link #tryRun} declines when another caller holds them.
 *
 * <p>Workers are started when a caller first needs them and exit after {@link Concurrency#keepAlive()} without a
 * block; the next caller that needs one starts it again. A worker's slot says what it is doing: empty (waiting), a
 * block to run, or {@link #EXITED}; the caller and the worker change it by compare-and-set, so a block is never handed
 * to a worker that has just decided to exit.
 */
final class Workers {
    /** How long an idle worker waits for the next block before parking. */
    private static final long SPIN_NANOS = 200_000;
    /** How long the caller spins for the other blocks before it starts yielding its core. */
    private static final long WAIT_SPIN_NANOS = 50_000;
    private static final Object EXITED = new Object();
    private static final AtomicInteger NUMBER = new AtomicInteger();

    private final AtomicBoolean busy = new AtomicBoolean();
    /** Touched only by the caller holding {@link #busy}. */
    private Worker[] workers = new Worker[0];

    /** Whether the current thread is one of the kernel workers (a kernel called inside a kernel runs inline). */
    static boolean insideKernel() {
        return Thread.currentThread() instanceof Worker;
    }

    /**
     * Runs {@code body} on the blocks {@code [bounds[b], bounds[b + 1])}, the first on the calling thread and the
     * others on workers, and returns true when all are done; returns false at once, running nothing, when another
     * caller is using the workers. {@code level} is the caller's concurrency: the blocks must not outnumber it.
     */
    boolean tryRun(int[] bounds, Parallel.RowRange body, int level) {
        int others = bounds.length - 2;
        if (others > level - 1 || !busy.compareAndSet(false, true)) {
            return false;
        }
        try {
            if (workers.length < others) {
                workers = Arrays.copyOf(workers, others);
            }
            long spin = Concurrency.spinPays(level) ? SPIN_NANOS : 0;
            Task[] tasks = new Task[others];
            for (int b = 0; b < others; b++) {
                tasks[b] = new Task(body, bounds[b + 1], bounds[b + 2], spin);
                hand(b, tasks[b]);
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

    /** Gives {@code task} to worker {@code b}, starting a new one where there is none or it has exited. */
    private void hand(int b, Task task) {
        Worker w = workers[b];
        if (w == null || !w.offer(task)) {
            w = new Worker("erlangen-kernel-" + NUMBER.incrementAndGet(), task);
            workers[b] = w;
            w.start();
        }
    }

    /** One block: its bounds, and once done, whether it failed. */
    private static final class Task {
        final Parallel.RowRange body;
        final int from;
        final int to;
        final long spinNanos;
        Throwable failure;
        volatile boolean done;

        Task(Parallel.RowRange body, int from, int to, long spinNanos) {
            this.body = body;
            this.from = from;
            this.to = to;
            this.spinNanos = spinNanos;
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
        /** null while waiting, a {@link Task} to run, or {@link #EXITED}. */
        private final AtomicReference<Object> slot;

        Worker(String name, Task first) {
            super(name);
            this.slot = new AtomicReference<>(first);
            setDaemon(true);
        }

        /** Hands over a block; false when this worker has exited (or is about to) and will run nothing more. */
        boolean offer(Task t) {
            if (!slot.compareAndSet(null, t)) {
                return false;
            }
            LockSupport.unpark(this);
            return true;
        }

        @Override
        public void run() {
            long spin = 0;
            long idleSince = System.nanoTime();
            while (true) {
                Object s = slot.get();
                if (s instanceof Task t) {
                    slot.set(null); // the caller hands the next block only once this one is done
                    t.run();
                    spin = t.spinNanos;
                    idleSince = System.nanoTime();
                    continue;
                }
                long idle = System.nanoTime() - idleSince;
                long keepAlive = Concurrency.keepAliveNanos();
                if (idle < spin) {
                    Thread.onSpinWait();
                } else if (idle < keepAlive) {
                    LockSupport.parkNanos(this, keepAlive - idle); // offer() unparks; early returns look again
                } else if (slot.compareAndSet(null, EXITED)) {
                    return;
                }
            }
        }
    }
}
