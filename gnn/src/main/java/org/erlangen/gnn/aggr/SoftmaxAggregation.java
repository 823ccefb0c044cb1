package org.erlangen.gnn.aggr;

import org.erlangen.sparse.Segments;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Softmax-weighted sum: for each feature, {@code sum_e softmax_e(t m_e) m_e} over the messages into a node (Li et
 * al., DeeperGCN; PyTorch Geometric's {@code SoftmaxAggregation}). A large temperature {@code t} approaches max, 0
 * gives the mean. The temperature is fixed, or a parameter {@code t} of shape {@code [channels]}: one value shared
 * by all features ({@code channels = 1}) or one per feature.
 */
public final class SoftmaxAggregation extends Aggregation {
    private final double fixed;
    private final Tensor t;

    private SoftmaxAggregation(double fixed, INDArray learnable) {
        this.fixed = fixed;
        this.t = learnable == null ? null : parameter("t", learnable);
    }

    /** Temperature {@code t}, not trained. */
    public static SoftmaxAggregation fixed(double t) {
        checkFinite(t);
        return new SoftmaxAggregation(t, null);
    }

    /** A trained temperature starting at {@code initial}, per channel ({@code channels} is 1 or the message width). */
    public static SoftmaxAggregation learnable(double initial, int channels, DataType dtype) {
        checkFinite(initial);
        if (channels < 1) {
            throw new IllegalArgumentException("softmax aggregation needs at least one channel, got " + channels);
        }
        return new SoftmaxAggregation(Double.NaN, Nd4j.valueArrayOf(new long[] {channels}, initial, dtype));
    }

    /** The trained temperature, or null when it is fixed. */
    public Tensor temperature() {
        return t;
    }

    @Override
    public Tensor aggregate(Tensor messages, Segments segments) {
        checkMessages(messages, segments);
        Tensor scaled;
        if (t == null) {
            scaled = Ops.mul(messages, fixed);
        } else {
            if (t.size(0) != 1 && t.size(0) != messages.size(1)) {
                throw new IllegalArgumentException("softmax aggregation has " + t.size(0)
                        + " temperature channels but messages of width " + messages.size(1));
            }
            scaled = Ops.mul(messages, t);
        }
        Tensor alpha = Sparse.segmentSoftmax(scaled, segments);
        return Sparse.segmentSum(Ops.mul(messages, alpha), segments);
    }

    private static void checkFinite(double t) {
        if (!Double.isFinite(t)) {
            throw new IllegalArgumentException("softmax temperature must be finite, got " + t);
        }
    }
}
