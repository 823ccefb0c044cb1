package org.erlangen.sparse;

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
