package org.erlangen.gnn.links;

import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The link decoder of GAE and PyG's link-prediction examples: a pair's logit is the dot product of its embeddings.
 * Training adds a learned bias ({@link LinkLogits}).
 */
public final class DotProduct {
    private DotProduct() {
    }

    /**
     * One dot product per pair, in the given order: [pairs]. The pairs become a {@link PairPattern}, whose entries'
     * dot products are one fused pass, forward and backward: gathering both ends' rows into two [pairs, width]
     * arrays, multiplying and summing them moved several times the data. Pairs scored every epoch are better kept
     * as a pattern of their own.
     */
    public static Tensor score(Tensor embeddings, long[] pairs) {
        if (pairs.length == 0) {
            return Tensor.constant(Nd4j.create(embeddings.dtype(), 0)); // nothing to score, nothing to learn from
        }
        PairPattern pattern = PairPattern.of(pairs, Math.toIntExact(embeddings.rows()));
        int[] position = new int[pairs.length];
        int[] order = pattern.order(); // entry k is pair order[k]
        for (int k = 0; k < order.length; k++) {
            position[order[k]] = k;
        }
        Tensor column = Shapes.reshape(pattern.dots(embeddings), pairs.length, 1);
        return Shapes.reshape(Sparse.indexSelect(column, position), pairs.length);
    }
}
