package org.erlangen.gnn.aggr;

import org.erlangen.sparse.Segments;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Tensor;

/** Feature-wise maximum of the incoming messages; zeros for a node without any. */
public final class MaxAggregation extends Aggregation {
    @Override
    public Tensor aggregate(Tensor messages, Segments segments) {
        checkMessages(messages, segments);
        return Sparse.segmentMax(messages, segments);
    }
}
