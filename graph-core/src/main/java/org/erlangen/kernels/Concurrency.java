package org.erlangen.kernels;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;

/**
 * How many threads the sparse kernels use: a process-wide default (all processors) that a caller may override for
 * the current thread, as Neo4j GDS does with its {@code concurrency} key.
 */
public final class Concurrency {
    private static volatile int defaultLevel = Runtime.getRuntime().availableProcessors();
    private static final ThreadLocal<Integer> OVERRIDE = new ThreadLocal<>();
    private static final ConcurrentHashMap<Integer, ForkJoinPool> POOLS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Integer, Workers> WORKERS = new ConcurrentHashMap<>();

    private Concurrency() {
    }

    /** The level in force on this thread. */
    public static int level() {
        Integer local = OVERRIDE.get();
        return local != null ? local : defaultLevel;
    }

    /** Sets the process-wide default. */
    public static void setDefault(int threads) {
        defaultLevel = check(threads);
    }

    /** Uses {@code threads} on this thread until the returned scope is closed. */
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

    /** The spinning kernel threads for {@code threads}, used by one caller at a time. */
    static Workers workers(int threads) {
        return WORKERS.computeIfAbsent(threads, Workers::new);
    }

    /** The pool for callers that find the {@link #workers} taken, and for kernels inside kernels. */
    static ForkJoinPool pool(int threads) {
        return POOLS.computeIfAbsent(threads, n -> new ForkJoinPool(n, pool -> {
            var worker = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            worker.setDaemon(true);
            worker.setName("erlangen-kernel-" + worker.getPoolIndex());
            return worker;
        }, null, false));
    }

    private static int check(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + threads);
        }
        return threads;
    }

    /** Restores the previous level; closing throws nothing. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
