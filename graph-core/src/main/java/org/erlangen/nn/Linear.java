package org.erlangen.nn;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The affine map {@code y = x W + b}.
 *
 * <p>Layout: {@code weight} has shape {@code [in, out]}, so the forward pass is one matrix product with no transpose.
 * PyTorch's {@code nn.Linear} stores its weight as {@code [out, in]} and computes {@code x W^T + b}: a weight read from
 * or written to a PyTorch state dictionary must be transposed. {@code bias} has shape {@code [out]} in both.
 */
public final class Linear extends Module implements Layer {
    private final int in;
    private final int out;
    private final Tensor weight;
    private final Tensor bias;

    /** Glorot-uniform weight, zero bias, float32. */
    public Linear(int in, int out, boolean bias, RandomGenerator rng) {
        this(in, out, bias, Init.Scheme.GLOROT_UNIFORM, rng, Init.DEFAULT_DTYPE);
    }

    /** The weight drawn by {@code scheme}; the bias, when present, starts at zero. */
    public Linear(int in, int out, boolean bias, Init.Scheme scheme, RandomGenerator rng, DataType dtype) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Linear needs positive widths, got " + in + " -> " + out);
        }
        this.in = in;
        this.out = out;
        this.weight = parameter("weight", scheme.weight(in, out, rng, dtype));
        this.bias = bias ? parameter("bias", Init.zeros(dtype, out)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, false);
    }

    /** {@code x W + b}, with a ReLU fused in when {@code relu} (one pass; see {@link Ops#linear}). */
    public Tensor forward(Tensor x, boolean relu) {
        if (x.rank() != 2 || x.size(1) != in) {
            throw new IllegalArgumentException("Linear(" + in + " -> " + out + ") expects input [N, " + in
                    + "], got " + Arrays.toString(x.shape()));
        }
        return Ops.linear(x, weight, bias, relu);
    }

    /** Shape {@code [in, out]}: the transpose of PyTorch's layout. */
    public Tensor weight() {
        return weight;
    }

    /** The bias, or null when the layer has none. */
    public Tensor bias() {
        return bias;
    }

    public int inFeatures() {
        return in;
    }

    public int outFeatures() {
        return out;
    }
}
