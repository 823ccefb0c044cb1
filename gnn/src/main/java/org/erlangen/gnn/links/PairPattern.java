package org.erlangen.gnn.links;

import org.erlangen.sparse.Csr;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;

/**
 * Pairs prepared for scoring again and again: the entries of a sparse pattern (sources as rows, targets as columns),
 * built once with its transpose, so each scoring is one fused pass forward and one backward. Dot products come out in
 * the pattern's order: entry {@code k} is pair {@code order()[k]}. A loss or a ranking metric over pairs that share
 * a label needs no other order; {@link DotProduct#score} puts them back in the given order.
 */
public final class PairPattern {
    private final Csr csr;
    private final int[] order;

    private PairPattern(Csr csr, int[] order) {
        this.csr = csr;
        this.order = order;
    }

    /** The pairs among {@code nodes} nodes; repeated, reversed and self pairs are kept as given. */
    public static PairPattern of(long[] pairs, int nodes) {
        int[] sources = new int[pairs.length];
        int[] targets = new int[pairs.length];
        for (int i = 0; i < pairs.length; i++) {
            sources[i] = Pairs.source(pairs[i]);
            targets[i] = Pairs.target(pairs[i]);
        }
        Csr.Sorted sorted = Csr.fromCoo(sources, targets, nodes, nodes);
        return new PairPattern(sorted.csr(), sorted.order());
    }

    public int size() {
        return order.length;
    }

    /** Entry {@code k} of {@link #dots} is the given pair {@code order()[k]}. */
    public int[] order() {
        return order;
    }

    /** Each pair's dot product of its two rows of {@code embeddings} [nodes, width]: [pairs], in pattern order. */
    public Tensor dots(Tensor embeddings) {
        return Shapes.reshape(Sparse.edgeDot(csr, embeddings, embeddings, 1), order.length);
    }
}
