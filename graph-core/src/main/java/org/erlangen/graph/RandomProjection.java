package org.erlangen.graph;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.erlangen.kernels.Concurrency;
import org.erlangen.kernels.Parallel;
import org.erlangen.sparse.Csr;

/**
 * Node features from structure alone, for graphs whose nodes carry none: FastRP (Chen et al., CIKM 2019), with
 * Neo4j GDS's defaults. Every node starts from a very sparse random vector (Achlioptas: each entry +1 or -1 with
 * probability 1/6, else 0), drawn from the seed and the node's key, so a node keeps its vector when others are added
 * or the graph is stored in another order. Each iteration sums the in-neighbours' vectors and scales every row to
 * unit length; the encoding is the weighted sum of the iterations, by default 0, 1, 1 (the two- and three-hop
 * neighbourhoods, as GDS). Nodes with overlapping neighbourhoods get close rows; a node without neighbours gets
 * zeros. Self loops are left out: a node's own vector is not its neighbourhood.
 */
public final class RandomProjection {
    /** GDS's default iteration weights. */
    private static final double[] DEFAULT_WEIGHTS = {0, 1, 1};
    /** Achlioptas's sparsity: one entry in three is non-zero. */
    private static final int SPARSITY = 3;

    private final int dimension;
    private final long seed;
    private final double[] weights;

    public RandomProjection(int dimension, long seed) {
        this(dimension, seed, DEFAULT_WEIGHTS);
    }

    /** @param weights one per iteration, the first for the one-hop sums */
    public RandomProjection(int dimension, long seed, double[] weights) {
        if (dimension < 1) {
            throw new IllegalArgumentException("a random projection needs at least one dimension, got " + dimension);
        }
        if (weights.length == 0) {
            throw new IllegalArgumentException("a random projection needs at least one iteration weight");
        }
        this.dimension = dimension;
        this.seed = seed;
        this.weights = weights.clone();
    }

    public int dimension() {
        return dimension;
    }

    /**
     * The encoding of every node of {@code adjacency} (rows receive from their columns; square), row-major
     * [nodes, dimension].
     *
     * @param keys each node's key, which with the seed decides its starting vector; null for the node indices
     */
    public float[] encode(Csr adjacency, long[] keys) {
        int n = adjacency.rowCount();
        if (adjacency.colCount() != n) {
            throw new IllegalArgumentException("a random projection needs a square adjacency, got " + n + " x "
                    + adjacency.colCount());
        }
        if (keys != null && keys.length != n) {
            throw new IllegalArgumentException(keys.length + " keys for " + n + " nodes");
        }
        int d = dimension;
        float[] starts = new float[Math.multiplyExact(n, d)];
        Parallel.forBlocks(n, Concurrency.level(), (from, to) -> {
            for (int v = from; v < to; v++) {
                start(starts, v, keys == null ? v : keys[v]);
            }
        });
        float[] current = starts;
        float[] next = new float[starts.length];
        float[] out = new float[starts.length];
        int[] ptr = adjacency.rows().toPointers();
        for (double weight : weights) {
            float[] from = current;
            float[] into = next;
            Parallel.forRows(n, ptr, d, (lo, hi) -> {
                for (int v = lo; v < hi; v++) {
                    neighbourhood(adjacency, ptr, v, from, into, out, (float) weight);
                }
            });
            next = current;
            current = into;
        }
        return out;
    }

    private void start(float[] vectors, int v, long key) {
        SplittableRandom random = new SplittableRandom(mix(seed) ^ key);
        int base = v * dimension;
        for (int j = 0; j < dimension; j++) {
            int draw = random.nextInt(2 * SPARSITY);
            vectors[base + j] = draw == 0 ? 1f : draw == 1 ? -1f : 0f;
        }
    }

    /** Row v of {@code into}: the sum of v's in-neighbours' rows of {@code from}, to unit length; added to out. */
    private void neighbourhood(Csr adjacency, int[] ptr, int v, float[] from, float[] into, float[] out,
            float weight) {
        int d = dimension;
        int base = v * d;
        Arrays.fill(into, base, base + d, 0f);
        for (int k = ptr[v]; k < ptr[v + 1]; k++) {
            int u = adjacency.col(k);
            if (u != v) {
                int at = u * d;
                for (int j = 0; j < d; j++) {
                    into[base + j] += from[at + j];
                }
            }
        }
        double squares = 0;
        for (int j = 0; j < d; j++) {
            squares += (double) into[base + j] * into[base + j];
        }
        float scale = squares > 0 ? (float) (1 / Math.sqrt(squares)) : 0f;
        for (int j = 0; j < d; j++) {
            into[base + j] *= scale;
            out[base + j] += weight * into[base + j];
        }
    }

    /** The seed spread over all 64 bits (SplitMix64's finaliser), so nearby seeds start from unrelated vectors. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
