package org.erlangen.graph.sampling;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Mini-batches of seed nodes with their sampled computation subgraphs, as PyG's {@code NeighborLoader}: every epoch
 * cuts the nodes into batches of {@code batchSize} (shuffled, or in the order given), and worker threads sample and
 * prepare the next batches while the current one trains, at most {@code prefetch} batches ahead (the bounded queue).
 * The order of an epoch's batches and what each samples are pure functions of (seed, epoch), so a run is the same at
 * any number of workers.
 *
 * <p>{@code prepare} turns a sampled subgraph into what a step needs (layer graphs, gathered feature rows, labels) on
 * the worker; it should make heap arrays only, which the step copies into its arena, so that off-heap memory does not
 * grow with the batches of an epoch. The epoch's iterator is {@link AutoCloseable}: the trainer closes it when the
 * epoch ends, also by an exception, which stops the workers.
 *
 * @param <B> a prepared batch
 */
public final class NeighborLoader<B> {
    private final NeighborSampler sampler;
    private final int[] nodes;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final int workers;
    private final int prefetch;
    private final Function<SampledSubgraph, B> prepare;
    private final Consumer<B> done;

    private NeighborLoader(Builder<B> b) {
        this.sampler = b.sampler;
        this.nodes = b.nodes.clone();
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.workers = b.workers;
        this.prefetch = Math.max(b.prefetch, b.workers);
        this.done = b.done;
        this.prepare = b.prepare;
    }

    /** A loader over {@code nodes} (distinct) sampled by {@code sampler}, each batch made by {@code prepare}. */
    public static <B> Builder<B> builder(NeighborSampler sampler, int[] nodes, Function<SampledSubgraph, B> prepare) {
        return new Builder<>(sampler, nodes, prepare);
    }

    public int batchesPerEpoch() {
        return (nodes.length + batchSize - 1) / batchSize;
    }

    public int batchSize() {
        return batchSize;
    }

    /** The seed nodes of every batch of {@code epoch}, in training order. */
    public int[][] seeds(long epoch) {
        int[] order = nodes.clone();
        if (shuffle) {
            // keyed by (seed, epoch) alone, as the sampling is (node -1 is no node's stream)
            var random = new NodeRandom();
            random.reset(seed, epoch, -1);
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        int[][] batches = new int[batchesPerEpoch()][];
        for (int b = 0; b < batches.length; b++) {
            batches[b] = Arrays.copyOfRange(order, b * batchSize, Math.min(order.length, (b + 1) * batchSize));
        }
        return batches;
    }

    /** The batch of {@code seeds}, sampled as epoch {@code epoch} samples, prepared on the calling thread. */
    public B batch(int[] seeds, long epoch) {
        return prepare.apply(sampler.sample(seeds, seed, epoch));
    }

    /** The prepared batches of {@code epoch}; iterate once, close the iterator when stopping early. */
    public Iterable<B> epoch(long epoch) {
        return () -> new Prefetch<>(seeds(epoch), s -> batch(s, epoch), workers, prefetch, done);
    }

    /** Settings of a {@link NeighborLoader}. */
    public static final class Builder<B> {
        private final NeighborSampler sampler;
        private final int[] nodes;
        private final Function<SampledSubgraph, B> prepare;
        private int batchSize = 512;
        private boolean shuffle = true;
        private long seed;
        private int workers = 1;
        private int prefetch = 2;
        private Consumer<B> done;

        private Builder(NeighborSampler sampler, int[] nodes, Function<SampledSubgraph, B> prepare) {
            if (sampler == null || nodes == null || prepare == null) {
                throw new IllegalArgumentException("a loader needs a sampler, nodes and a prepare step");
            }
            if (nodes.length == 0) {
                throw new IllegalArgumentException("a loader needs at least one node");
            }
            this.sampler = sampler;
            this.nodes = nodes;
            this.prepare = prepare;
        }

        public Builder<B> batchSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("batch size must be at least 1, got " + size);
            }
            this.batchSize = size;
            return this;
        }

        /** Whether each epoch shuffles the nodes (default true); off, batches follow the order given. */
        public Builder<B> shuffle(boolean on) {
            this.shuffle = on;
            return this;
        }

        public Builder<B> seed(long value) {
            this.seed = value;
            return this;
        }

        /** Threads that sample ahead (default 1); 0 samples on the training thread, between steps. */
        public Builder<B> workers(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("workers must be at least 0, got " + count);
            }
            this.workers = count;
            return this;
        }

        /** How many prepared batches may wait ahead of training (default 2, at least the workers). */
        public Builder<B> prefetch(int batches) {
            if (batches < 1) {
                throw new IllegalArgumentException("prefetch must be at least 1, got " + batches);
            }
            this.prefetch = batches;
            return this;
        }

        /**
         * Called with each batch of an epoch once the trainer has asked for the next one or for the end (its step
         * is over): where a batch can give back what it holds for later batches (its feature rows' array).
         */
        public Builder<B> whenDone(Consumer<B> action) {
            this.done = action;
            return this;
        }

        public NeighborLoader<B> build() {
            return new NeighborLoader<>(this);
        }
    }
}
