package org.erlangen.gnn.links;

import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Reductions;
import org.erlangen.tensor.Tensor;

/** The link decoder of GAE and PyG's link-prediction examples: a pair's logit is the dot product of its embeddings. */
public final class DotProduct {
    private DotProduct() {
    }

    /** One logit per pair: [pairs]. */
    public static Tensor score(Tensor embeddings, long[] pairs) {
        Tensor product = Ops.mul(Sparse.indexSelect(embeddings, Pairs.sources(pairs)),
                Sparse.indexSelect(embeddings, Pairs.targets(pairs)));
        return Reductions.sum(product, 1, false);
    }
}
