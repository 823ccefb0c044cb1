package org.erlangen.gnn.links;

import org.erlangen.sparse.Csr;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.factory.Nd4j;

/** The link decoder of GAE and PyG's link-prediction examples: a pair's logit is the dot product of its embeddings. */
public final class DotProduct {
    private DotProduct() {
    }

    /**
     * One logit per pair: [pairs]. The pairs become the entries of a sparse pattern (sources as rows, targets as
     * columns) and each entry's dot product is one fused pass, forward and backward: gathering both ends' rows into
     * two [pairs, width] arrays, multiplying and summing them moved several times the data, and was most of a
     * link-prediction epoch.
     */
    public static Tensor score(Tensor embeddings, long[] pairs) {
        if (pairs.length == 0) {
            return Tensor.constant(Nd4j.create(embeddings.dtype(), 0)); // nothing to score, nothing to learn from
        }
        int nodes = Math.toIntExact(embeddings.rows());
        Csr.Sorted pattern = Csr.fromCoo(Pairs.sources(pairs), Pairs.targets(pairs), nodes, nodes);
        Tensor dots = Sparse.edgeDot(pattern.csr(), embeddings, embeddings, 1); // [pairs, 1], in the pattern's order
        int[] position = new int[pairs.length];
        int[] order = pattern.order(); // entry k is pair order[k]
        for (int k = 0; k < order.length; k++) {
            position[order[k]] = k;
        }
        return Shapes.reshape(Sparse.indexSelect(dots, position), pairs.length);
    }
}
