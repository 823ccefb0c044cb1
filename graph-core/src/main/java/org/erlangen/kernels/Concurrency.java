package org.erlangen.kernels;

import java.time.Duration;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many threads the sparse kernels use: a process-wide default (all processors) that a caller may override for
 * the current thread, as Neo4j GDS does with its {@code concurrency} key, and an optional process-wide limit that
 * caps every level (a server sets it once for all its callers).
 *
 * <p>The process has one set of kernel threads, whatever the levels asked for: the spinning {@link Workers} (as many
 * as the largest level used, less one, and never more than the limit) and one fork-join pool for callers that find
 * them taken. Both are daemon threads that exit after {@link #keepAlive()} without work and come back when needed,
 * so no thread outlives the work it serves.
 */
public final class Concurrency {
    private static final int PROCESSORS = Runtime.getRuntime().availableProcessors();
    private static volatile int defaultLevel = PROCESSORS;
    private static volatile int limit = Integer.MAX_VALUE;
    private static volatile long keepAliveNanos = TimeUnit.SECONDS.toNanos(60);
    private static final ThreadLocal<Integer> OVERRIDE = new ThreadLocal<>();
    private static final Workers WORKERS = new Workers();
    private static ForkJoinPool pool;
    private static int poolSize;

    private Concurrency() {
    }

    /** The level in force on this thread, at most the {@link #limit()}. */
    public static int level() {
        Integer local = OVERRIDE.get();
        return Math.min(local != null ? local : defaultLevel, limit);
    }

    /** Sets the process-wide default. */
    public static void setDefault(int threads) {
        defaultLevel = check(threads);
    }

    /** The most threads any caller gets ({@link Integer#MAX_VALUE} when no limit was set). */
    public static int limit() {
        return limit;
    }

    /** Caps every level, the default's and each caller's, at {@code threads}. */
    public static void setLimit(int threads) {
        limit = check(threads);
    }

    /** How long an idle kernel thread waits for work before it exits. */
    public static Duration keepAlive() {
        return Duration.ofNanos(keepAliveNanos);
    }

    public static void setKeepAlive(Duration idle) {
        if (idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("keepAlive must be positive, got " + idle);
        }
        keepAliveNanos = idle.toNanos();
        synchronized (Concurrency.class) {
            if (pool != null) { // the pool's keep-alive is fixed when it is made: the next caller gets a new one
                pool.shutdown();
                pool = null;
            }
        }
    }

    static long keepAliveNanos() {
        return keepAliveNanos;
    }

    /** Uses {@code threads} (at most the limit) on this thread until the returned scope is closed. */
    public static Scope scope(int threads) {
        Integer previous = OVERRIDE.get();
        OVERRIDE.set(check(threads));
        return () -> {
            if (previous == null) {
                OVERRIDE.remove();
            } else {
                OVERRIDE.set(previous);
            }
        };
    }

    /**
     * Uses the level in force less {@code busy} threads (at least one) on this thread until the returned scope is
     * closed: for kernels that run while {@code busy} threads of the same work run beside them ({@link Background}),
     * so that together they keep to the level. On 2 cores, with one sampling worker, a sampled epoch over 800,000
     * of a million nodes (validation included) took 25.5-30.1 s with its steps on one kernel thread, against
     * 36.5-41.3 s on two that took turns with the worker.
     */
    public static Scope beside(int busy) {
        return scope(Math.max(1, level() - Math.max(0, busy)));
    }

    /** Whether kernel threads at this level have a core each, so that spinning between kernels pays. */
    static boolean spinPays(int threads) {
        return threads <= PROCESSORS;
    }

    /** The spinning kernel threads, used by one caller at a time. */
    static Workers workers() {
        return WORKERS;
    }

    /**
     * The pool for callers that find the {@link #workers} taken, and for kernels inside kernels: as many threads as
     * the limit allows and the processors can run, which exit when idle.
     */
    static synchronized ForkJoinPool pool() {
        int size = Math.max(1, Math.min(limit, PROCESSORS));
        if (pool == null || poolSize != size) {
            if (pool != null) {
                pool.shutdown(); // its running blocks finish; its threads then exit
            }
            poolSize = size;
            pool = new ForkJoinPool(size, PoolThread::new, null, false, 0, size, 1, p -> true, keepAliveNanos,
                    TimeUnit.NANOSECONDS);
        }
        return pool;
    }

    /** Whether the current thread is one of the pool's (a kernel called there runs inline). */
    static boolean inPool() {
        return Thread.currentThread() instanceof PoolThread;
    }

    private static int check(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + threads);
        }
        return threads;
    }

    /** A daemon thread of the kernel pool. */
    private static final class PoolThread extends ForkJoinWorkerThread {
        private static final AtomicInteger NUMBER = new AtomicInteger();

        PoolThread(ForkJoinPool pool) {
            super(pool);
            setDaemon(true);
            setName("erlangen-kernel-pool-" + NUMBER.incrementAndGet());
        }
    }

    /** Restores the previous level; closing throws nothing. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
