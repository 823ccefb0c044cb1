package org.erlangen.nn;

import java.util.Arrays;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Layer normalisation over the last dimension, as PyTorch's {@code nn.LayerNorm(features)}: each row is shifted to
 * mean 0 and scaled to (biased) variance 1, then multiplied by {@code weight} (gamma, starts at 1) and shifted by
 * {@code bias} (beta, starts at 0).
 */
public final class LayerNorm extends Module implements Layer {
    public static final double DEFAULT_EPS = 1e-5;

    private final int features;
    private final double eps;
    private final Tensor gamma;
    private final Tensor beta;

    public LayerNorm(int features) {
        this(features, DEFAULT_EPS, true, Init.DEFAULT_DTYPE);
    }

    public LayerNorm(int features, double eps, boolean affine, DataType dtype) {
        if (features < 1) {
            throw new IllegalArgumentException("LayerNorm needs at least one feature, got " + features);
        }
        this.features = features;
        this.eps = eps;
        this.gamma = affine ? parameter("weight", Nd4j.ones(dtype, features)) : null;
        this.beta = affine ? parameter("bias", Init.zeros(dtype, features)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.size(x.rank() - 1) != features) {
            throw new IllegalArgumentException("LayerNorm(" + features + ") expects the last dimension to be "
                    + features + ", input shape is " + Arrays.toString(x.shape()));
        }
        return apply(x, gamma, beta, eps);
    }

    /** Layer norm of {@code x} over its last dimension; {@code gamma}/{@code beta} may be null. */
    public static Tensor apply(Tensor x, Tensor gamma, Tensor beta, double eps) {
        if (x.rank() < 1) {
            throw new IllegalArgumentException("LayerNorm needs at least one dimension, got a scalar");
        }
        long[] shape = x.shape();
        long f = shape[shape.length - 1];
        if (x.rank() == 2) {
            return Normalization.apply(x, gamma, beta, 1, eps, null, null, null);
        }
        Tensor flat = Shapes.reshape(x, x.data().length() / f, f);
        return Shapes.reshape(Normalization.apply(flat, gamma, beta, 1, eps, null, null, null), shape);
    }
}
