package org.erlangen.gnn.aggr;

import org.erlangen.sparse.Csr;
import org.erlangen.sparse.Segments;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Tensor;

/** Sum of the incoming messages (PyTorch Geometric's {@code "add"}). */
public final class SumAggregation extends Aggregation {
    @Override
    public Tensor aggregate(Tensor messages, Segments segments) {
        checkMessages(messages, segments);
        return Sparse.segmentSum(messages, segments);
    }

    @Override
    public boolean isLinear() {
        return true;
    }

    /** One sparse-dense product: no {@code [E, F]} messages. */
    @Override
    public Tensor aggregateNeighbors(Csr pattern, Tensor weights, Tensor x) {
        if (weights != null) {
            checkWeights(weights, pattern.entryCount());
        }
        return Sparse.spmm(pattern, weights, x);
    }
}
