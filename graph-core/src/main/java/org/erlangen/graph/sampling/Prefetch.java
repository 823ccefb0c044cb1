package org.erlangen.graph.sampling;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.erlangen.kernels.Background;
import org.erlangen.kernels.Concurrency;
import org.erlangen.kernels.Termination;

/**
 * An epoch's batches made ahead on worker threads, handed out in order: batch {@code i + prefetch} is started only
 * when batch {@code i} is taken, so at most {@code prefetch} prepared batches wait at any time. Workers sample on one
 * thread each, leaving the kernel threads to the training step. While the trainer waits for a batch it keeps asking
 * its termination check. A batch handed out is given to {@code done} when the next is asked for, or the end of the
 * epoch is: its step is over by then, so what it holds can serve a later batch. The workers count as
 * {@link Background} threads, so the steps between take fewer kernel threads.
 */
final class Prefetch<B> implements Iterator<B>, AutoCloseable, Background {
    private static final AtomicInteger NUMBER = new AtomicInteger();

    private final int[][] seeds;
    private final Function<int[], B> make;
    private final ExecutorService pool;
    private final Future<B>[] pending;
    private final int prefetch;
    private final Consumer<B> done;
    private final int workers;
    private int next;
    private B last;

    @SuppressWarnings("unchecked")
    Prefetch(int[][] seeds, Function<int[], B> make, int workers, int prefetch, Consumer<B> done) {
        this.seeds = seeds;
        this.make = make;
        this.prefetch = prefetch;
        this.done = done;
        this.workers = workers;
        this.pool = workers == 0 ? null : Executors.newFixedThreadPool(workers, task -> {
            var t = new Thread(task, "erlangen-sampler-" + NUMBER.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.pending = (Future<B>[]) new Future<?>[seeds.length];
        for (int i = 0; pool != null && i < Math.min(prefetch, seeds.length); i++) {
            start(i);
        }
    }

    private void start(int i) {
        int[] batch = seeds[i];
        pending[i] = pool.submit(() -> {
            try (var oneThread = Concurrency.scope(1)) {
                return make.apply(batch);
            }
        });
    }

    @Override
    public boolean hasNext() {
        boolean more = next < seeds.length;
        if (!more) {
            finishLast();
            close();
        }
        return more;
    }

    /** Hands the batch handed out last to {@code done}: the caller has moved on from it. */
    private void finishLast() {
        B b = last;
        last = null;
        if (b != null && done != null) {
            done.accept(b);
        }
    }

    @Override
    public B next() {
        if (next >= seeds.length) {
            throw new NoSuchElementException("the epoch has " + seeds.length + " batches");
        }
        finishLast();
        int i = next++;
        if (pool == null) {
            last = make.apply(seeds[i]);
            return last;
        }
        if (i + prefetch < seeds.length) {
            start(i + prefetch);
        }
        Future<B> batch = pending[i];
        pending[i] = null;
        last = take(batch);
        return last;
    }

    private B take(Future<B> batch) {
        try {
            while (true) {
                Termination.check();
                try {
                    return batch.get(100, TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillSampling) {
                    // ask the termination check again
                }
            }
        } catch (ExecutionException e) {
            close();
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("sampling a batch failed", cause);
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a sampled batch", e);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** The sampling workers, busy while batches remain to be made; none when batches are made on demand. */
    @Override
    public int backgroundThreads() {
        return pool == null ? 0 : workers;
    }

    /** Stops the workers; batches not taken are dropped. */
    @Override
    public void close() {
        if (pool == null || pool.isShutdown()) {
            return;
        }
        for (int i = 0; i < pending.length; i++) {
            if (pending[i] != null) {
                pending[i].cancel(true);
                pending[i] = null;
            }
        }
        pool.shutdownNow();
    }
}
