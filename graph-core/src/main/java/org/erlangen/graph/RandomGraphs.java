package org.erlangen.graph;

import java.util.SplittableRandom;
import org.erlangen.kernels.Buffers;

/**
 * Seeded random graphs in the Erdos-Renyi G(n, m) style: {@code m} distinct edges drawn uniformly among all node
 * pairs, no self loops, with node features uniform in [-1, 1) as float32. Built from primitive arrays and an
 * open-addressing hash set of pairs, so 100,000 nodes and 1,000,000 edges take well under a second.
 *
 * <p>The same settings and seed give the same graph. Symmetric graphs draw {@code m / 2} unordered pairs and store
 * both directions, so every graph has exactly {@code m} (directed) edges.
 */
public final class RandomGraphs {
    private final int numNodes;
    private final int numEdges;
    private boolean symmetric;
    private int featureWidth;
    private long seed;

    private RandomGraphs(int numNodes, int numEdges) {
        this.numNodes = numNodes;
        this.numEdges = numEdges;
    }

    /** A generator for graphs of {@code numNodes} nodes and {@code numEdges} stored edges. */
    public static RandomGraphs of(int numNodes, int numEdges) {
        if (numNodes < 0 || numEdges < 0) {
            throw new IllegalArgumentException("a random graph needs non-negative counts, got " + numNodes
                    + " nodes and " + numEdges + " edges");
        }
        return new RandomGraphs(numNodes, numEdges);
    }

    /** Every edge also in the reverse direction; the edge count must then be even. */
    public RandomGraphs symmetric(boolean symmetric) {
        this.symmetric = symmetric;
        return this;
    }

    /** Node features of this width (none when 0, the default). */
    public RandomGraphs nodeFeatures(int width) {
        if (width < 0) {
            throw new IllegalArgumentException("feature width must be non-negative, got " + width);
        }
        this.featureWidth = width;
        return this;
    }

    public RandomGraphs seed(long seed) {
        this.seed = seed;
        return this;
    }

    public Graph build() {
        long pairs = (long) numNodes * (numNodes - 1L);
        long draws = symmetric ? numEdges / 2 : numEdges;
        long available = symmetric ? pairs / 2 : pairs;
        if (symmetric && numEdges % 2 != 0) {
            throw new IllegalArgumentException("a symmetric graph stores each edge both ways, so its edge count must"
                    + " be even, got " + numEdges);
        }
        if (draws > available) {
            throw new IllegalArgumentException(numNodes + " nodes have only " + available
                    + (symmetric ? " unordered" : " ordered") + " pairs without self loops, " + draws + " asked for");
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] senders = new int[numEdges];
        int[] receivers = new int[numEdges];
        PairSet seen = new PairSet((int) draws);
        int e = 0;
        while (e < numEdges) {
            int s = random.nextInt(numNodes);
            int r = random.nextInt(numNodes);
            if (s == r) {
                continue;
            }
            if (symmetric && s > r) {
                int t = s;
                s = r;
                r = t;
            }
            if (!seen.add(((long) s << 32) | r)) {
                continue;
            }
            senders[e] = s;
            receivers[e] = r;
            e++;
            if (symmetric) {
                senders[e] = r;
                receivers[e] = s;
                e++;
            }
        }
        Graph.Builder b = Graph.builder(numNodes).edges(senders, receivers);
        if (featureWidth > 0) {
            float[] x = new float[Math.multiplyExact(numNodes, featureWidth)];
            for (int i = 0; i < x.length; i++) {
                x[i] = 2 * random.nextFloat() - 1;
            }
            b.nodeFeatures(Buffers.of(x, numNodes, featureWidth));
        }
        return b.build();
    }

    /** A set of non-negative longs with linear probing; 0 marks an empty slot, so keys are stored plus one. */
    private static final class PairSet {
        private final long[] slots;
        private final int mask;

        PairSet(int expected) {
            if (expected > 1 << 29) {
                throw new IllegalArgumentException("random graphs are limited to 2^29 drawn edges, asked for "
                        + expected);
            }
            int capacity = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
            slots = new long[capacity];
            mask = capacity - 1;
        }

        boolean add(long key) {
            long stored = key + 1;
            int i = (int) (mix(key) & mask);
            while (slots[i] != 0) {
                if (slots[i] == stored) {
                    return false;
                }
                i = (i + 1) & mask;
            }
            slots[i] = stored;
            return true;
        }

        private static long mix(long z) {
            z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
            return z ^ (z >>> 33);
        }
    }
}
