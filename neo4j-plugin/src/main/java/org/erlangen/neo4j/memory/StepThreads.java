package org.erlangen.neo4j.memory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.erlangen.tensor.Workspace;

/**
 * The threads that run the plugin's training and prediction steps. Each keeps its step arena from one call to the
 * next and frees it itself, then exits, once idle for {@link #keepAlive()}. A request thread's arena, kept, was freed
 * only by the garbage collector (which a server may keep from running explicitly); freed at the end of every call,
 * it cost the next call the page faults of a fresh one (about 40 ms of a 140 ms training call on 20,000 nodes). The
 * arenas of idle threads count against the plugin's limit ({@link PluginMemory}), which has them freed at once when
 * a call needs the room. A call that fails or is terminated leaves no arena to the next: its thread frees it as soon as
 * the caller has its failure (freeing the gigabytes of a large model takes a while, which a terminated call should not
 * wait for), counted among the idle arenas until then.
 */
public final class StepThreads {
    private static final StepThreads INSTANCE = new StepThreads();
    private static final AtomicInteger NUMBER = new AtomicInteger();
    /** Tells an idle thread to free its arena and exit. */
    private static final Object EXIT = new Object();

    /** Most recently used first: the warmest arena is reused first, the others age out. */
    private final Deque<StepThread> idle = new ArrayDeque<>();
    private volatile long keepAliveNanos = TimeUnit.SECONDS.toNanos(10);

    private StepThreads() {
    }

    public static StepThreads instance() {
        return INSTANCE;
    }

    public Duration keepAlive() {
        return Duration.ofNanos(keepAliveNanos);
    }

    public void setKeepAlive(Duration idleFor) {
        if (idleFor.isNegative() || idleFor.isZero()) {
            throw new IllegalArgumentException("keepAlive must be positive, got " + idleFor);
        }
        keepAliveNanos = idleFor.toNanos();
    }

    /**
     * Runs {@code work} on a step thread whose arena starts at {@code arenaBytes} (an idle thread's arena is reused
     * unless more than twice that), waits for it, and returns its result or throws what it threw.
     */
    public <T> T run(long arenaBytes, Supplier<T> work) {
        Job<T> job = new Job<>(arenaBytes, work);
        StepThread thread;
        synchronized (this) {
            thread = idle.pollFirst();
        }
        if (thread != null) {
            thread.inbox.add(job);
        } else {
            new StepThread(job).start();
        }
        return job.await();
    }

    /** Bytes the arenas of idle step threads hold. */
    public synchronized long idleArenaBytes() {
        return idle.stream().mapToLong(t -> t.arenaBytes).sum();
    }

    /** How many step threads are idle now, each holding its arena. */
    public synchronized int idleCount() {
        return idle.size();
    }

    /** Has every idle step thread free its arena and exit, and returns once they have. */
    public void freeIdle() {
        List<StepThread> leaving;
        synchronized (this) {
            leaving = new ArrayList<>(idle);
            idle.clear();
        }
        for (StepThread t : leaving) {
            t.inbox.add(EXIT);
        }
        for (StepThread t : leaving) {
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized void parked(StepThread t) {
        idle.addFirst(t);
    }

    /** Takes an idle thread off the list as it leaves; false when a call took it first (its job is on the way). */
    private synchronized boolean leave(StepThread t) {
        return idle.remove(t);
    }

    /** One call's steps: run on a step thread, awaited by the caller. */
    private static final class Job<T> {
        final long arenaBytes;
        final Supplier<T> work;
        final CountDownLatch done = new CountDownLatch(1);
        T result;
        Throwable failure;

        Job(long arenaBytes, Supplier<T> work) {
            this.arenaBytes = arenaBytes;
            this.work = work;
        }

        void runHere() {
            try {
                if (Workspace.arenaBytes() > 2 * arenaBytes) {
                    Workspace.release(); // far larger than this call needs: made again at its size
                }
                if (arenaBytes > 0) {
                    Workspace.expect(arenaBytes);
                }
                result = work.get();
            } catch (Throwable t) {
                failure = t;
            }
        }

        /** Lets the caller go on; the thread is back among the idle ones by then, so the next call finds it. */
        void finish() {
            done.countDown();
        }

        T await() {
            boolean interrupted = false;
            while (done.getCount() > 0) {
                try {
                    done.await(); // the steps check the transaction's termination themselves
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            return result;
        }
    }

    private final class StepThread extends Thread {
        final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        volatile long arenaBytes;

        StepThread(Job<?> first) {
            super("erlangen-step-" + NUMBER.incrementAndGet());
            setDaemon(true);
            inbox.add(first);
        }

        @Override
        public void run() {
            try {
                Object next = inbox.take();
                while (next instanceof Job<?> job) {
                    job.runHere();
                    arenaBytes = Workspace.arenaBytes();
                    parked(this);
                    job.finish();
                    if (job.failure != null) {
                        releaseAfterFailure();
                    }
                    next = inbox.poll(keepAliveNanos, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        if (leave(this)) {
                            break;
                        }
                        next = inbox.take(); // a call took this thread as it was leaving: its job is on the way
                    }
                }
            } catch (InterruptedException e) {
                synchronized (StepThreads.this) {
                    idle.remove(this);
                }
                for (Object left : inbox) { // a call that took this thread just now still gets its steps run
                    if (left instanceof Job<?> job) {
                        job.runHere();
                        job.finish();
                        if (job.failure != null) {
                            releaseAfterFailure();
                        }
                    }
                }
            } finally {
                arenaBytes = 0;
                Workspace.release();
            }
        }

        /** A failed or terminated call keeps no arena; what goes wrong freeing it is reported, not thrown. */
        private void releaseAfterFailure() {
            try {
                Workspace.release();
            } catch (RuntimeException e) {
                getUncaughtExceptionHandler().uncaughtException(this, e);
            } finally {
                arenaBytes = Workspace.arenaBytes();
            }
        }
    }
}
