package org.erlangen.gnn.aggr;

import org.erlangen.sparse.Segments;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Tensor;

/** Feature-wise variance {@code mean(m^2) - mean(m)^2} of the incoming messages (biased, as PyTorch Geometric's). */
public final class VarAggregation extends Aggregation {
    @Override
    public Tensor aggregate(Tensor messages, Segments segments) {
        checkMessages(messages, segments);
        return variance(messages, segments);
    }

    static Tensor variance(Tensor messages, Segments segments) {
        Tensor mean = Sparse.segmentMean(messages, segments);
        Tensor meanOfSquares = Sparse.segmentMean(Ops.mul(messages, messages), segments);
        return Ops.sub(meanOfSquares, Ops.mul(mean, mean));
    }
}
