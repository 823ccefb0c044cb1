package org.erlangen.gnn.aggr;

import org.erlangen.sparse.Segments;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Feature-wise standard deviation of the incoming messages. As in PyTorch Geometric, a variance at or below
 * {@code 1e-5} (a node with one message, or identical ones) gives 0 with gradient 0, so the square root's infinite
 * slope at 0 never reaches training.
 */
public final class StdAggregation extends Aggregation {
    static final double FLOOR = 1e-5;

    @Override
    public Tensor aggregate(Tensor messages, Segments segments) {
        checkMessages(messages, segments);
        Tensor variance = VarAggregation.variance(messages, segments);
        INDArray v = variance.data();
        INDArray above = v.gt(FLOOR).castTo(v.dataType());
        // sqrt(max(v, floor)) where v > floor, else 0
        INDArray out = Transforms.sqrt(Transforms.max(v, FLOOR, true), false).muli(above);
        return Tensor.result(out, g -> {
            INDArray safe = out.add(above.rsub(1.0)); // 1 where the output is 0, so the division is defined
            variance.accumulateOwned(g.mul(above).divi(safe).muli(0.5));
        }, variance);
    }
}
