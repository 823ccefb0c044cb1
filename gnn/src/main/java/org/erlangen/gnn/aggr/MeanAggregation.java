package org.erlangen.gnn.aggr;

import org.erlangen.sparse.Csr;
import org.erlangen.sparse.Segments;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;

/** Mean of the incoming messages; zeros for a node without any. */
public final class MeanAggregation extends Aggregation {
    @Override
    public Tensor aggregate(Tensor messages, Segments segments) {
        checkMessages(messages, segments);
        return Sparse.segmentMean(messages, segments);
    }

    @Override
    public boolean isLinear() {
        return true;
    }

    /** One sparse-dense product with {@code 1 / in-degree} folded into the edge weights. */
    @Override
    public Tensor aggregateNeighbors(Csr pattern, Tensor weights, Tensor x) {
        Tensor inverse = Tensor.constant(InverseDegree.perEntry(pattern, x.dtype()));
        if (weights == null) {
            return Sparse.spmm(pattern, inverse, x);
        }
        checkWeights(weights, pattern.entryCount());
        Tensor w = weights.rank() == 1 ? weights : Shapes.reshape(weights, pattern.entryCount());
        return Sparse.spmm(pattern, Ops.mul(w, inverse), x);
    }
}
