package org.erlangen.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Mini-batches of graphs for training: each epoch walks the chosen items (all graphs, or a subset such as a training
 * split) in batches of {@code batchSize}, shuffled per epoch when a seed is set, and yields each as a
 * {@link GraphBatch}.
 *
 * <p>Shuffling: epoch {@code e} uses a Fisher-Yates pass driven by a {@link SplittableRandom} whose seed is mixed
 * from the loader's seed and {@code e}, so each epoch has its own order and the same (seed, epoch) always gives the
 * same order. Batches are built lazily, one per iteration step. All chosen graphs are checked at construction to have
 * the same parts, so a bad graph is reported by its index in the list.
 */
public final class GraphLoader {
    private final List<Graph> graphs;
    private final int[] items;
    private final int batchSize;
    private final Long seed;
    private final boolean dropLast;

    private GraphLoader(Builder b) {
        this.graphs = b.graphs;
        this.items = b.items;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.dropLast = b.dropLast;
    }

    /** Starts a loader over {@code graphs} (kept by reference; the list must not change while in use). */
    public static Builder over(List<Graph> graphs) {
        return new Builder(graphs);
    }

    /** Number of items one epoch walks (before dropping a short last batch). */
    public int itemCount() {
        return items.length;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Number of batches in every epoch. */
    public int batchesPerEpoch() {
        return dropLast ? items.length / batchSize : (items.length + batchSize - 1) / batchSize;
    }

    /** The list indices of the graphs in each batch of epoch {@code epoch}, in batch order. */
    public List<int[]> batchIndices(int epoch) {
        int[] order = items.clone();
        if (seed != null) {
            Shuffle.inPlace(order, new SplittableRandom(mix(seed, epoch)));
        }
        int batches = batchesPerEpoch();
        List<int[]> out = new ArrayList<>(batches);
        for (int i = 0; i < batches; i++) {
            out.add(Arrays.copyOfRange(order, i * batchSize, Math.min(order.length, (i + 1) * batchSize)));
        }
        return out;
    }

    /** The batches of epoch {@code epoch}; iterating twice gives the same batches. */
    public Iterable<GraphBatch> epoch(int epoch) {
        List<int[]> indices = batchIndices(epoch);
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < indices.size();
            }

            @Override
            public GraphBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("epoch has " + indices.size() + " batches");
                }
                return GraphBatch.of(graphs, indices.get(next++));
            }
        };
    }

    /** Stafford's mix13 (the SplittableRandom finaliser) of the seed and epoch, so nearby epochs are unrelated. */
    private static long mix(long seed, long epoch) {
        long z = seed + (epoch + 1) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Settings of a loader; batch size is required. */
    public static final class Builder {
        private final List<Graph> graphs;
        private int[] items;
        private int batchSize;
        private Long seed;
        private boolean dropLast;

        private Builder(List<Graph> graphs) {
            if (graphs == null || graphs.isEmpty()) {
                throw new IllegalArgumentException("a graph loader needs at least one graph");
            }
            this.graphs = graphs;
        }

        /** Only these list indices (e.g. a training split); all graphs when not set. */
        public Builder indices(int[] indices) {
            for (int i = 0; i < indices.length; i++) {
                if (indices[i] < 0 || indices[i] >= graphs.size()) {
                    throw new IllegalArgumentException("loader index " + indices[i] + " at position " + i
                            + " outside [0, " + graphs.size() + ")");
                }
            }
            this.items = indices.clone();
            return this;
        }

        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Shuffles every epoch, reproducibly from {@code seed}; without it, items keep their order. */
        public Builder shuffle(long seed) {
            this.seed = seed;
            return this;
        }

        /** Drops the last batch of an epoch when it is smaller than the batch size. */
        public Builder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        public GraphLoader build() {
            if (batchSize == 0) {
                throw new IllegalStateException("set a batch size before building a graph loader");
            }
            if (items == null) {
                items = new int[graphs.size()];
                for (int i = 0; i < items.length; i++) {
                    items[i] = i;
                }
            }
            if (items.length > 0) {
                Graph first = graphs.get(items[0]);
                if (first == null) {
                    throw new IllegalArgumentException("graph " + items[0] + " of the loader's list is null");
                }
                Layout layout = Layout.of(first);
                for (int i : items) {
                    Graph g = graphs.get(i);
                    if (g == null) {
                        throw new IllegalArgumentException("graph " + i + " of the loader's list is null");
                    }
                    layout.check(g, "graph " + i, "graph " + items[0]);
                }
            }
            return new GraphLoader(this);
        }
    }
}
