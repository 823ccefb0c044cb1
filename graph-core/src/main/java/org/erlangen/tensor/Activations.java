package org.erlangen.tensor;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Elementwise nonlinearities, each with its derivative written out. */
public final class Activations {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);
    private static final double GELU_CUBIC = 0.044715;

    private Activations() {
    }

    public static Tensor relu(Tensor x) {
        INDArray out = Transforms.max(x.data(), 0.0, true);
        // the output is 0 or positive, so its sign is the derivative: one pass instead of compare, cast, multiply
        return Tensor.result(out, g -> x.accumulateOwned(Transforms.sign(out, true).muli(g)), x);
    }

    public static Tensor leakyRelu(Tensor x, double slope) {
        INDArray pos = positive(x.data());
        // slope + (1 - slope) * [x > 0]
        INDArray factor = pos.mul(1.0 - slope).addi(slope);
        INDArray out = x.data().mul(factor);
        return Tensor.result(out, g -> x.accumulateOwned(factor.mul(g)), x);
    }

    /** {@code x} for positive x, {@code alpha (e^x - 1)} otherwise. */
    public static Tensor elu(Tensor x, double alpha) {
        INDArray pos = positive(x.data());
        INDArray negPart = Transforms.exp(Transforms.min(x.data(), 0.0, true), false).subi(1.0).muli(alpha);
        INDArray out = Transforms.max(x.data(), 0.0, true).addi(negPart);
        // derivative: 1 where x > 0, alpha e^x = negPart + alpha elsewhere
        return Tensor.result(out, g -> x.accumulateOwned(
                negPart.add(alpha).muli(pos.rsub(1.0)).addi(pos).muli(g)), x);
    }

    public static Tensor sigmoid(Tensor x) {
        INDArray out = Transforms.sigmoid(x.data(), true);
        return Tensor.result(out, g -> x.accumulateOwned(out.rsub(1.0).muli(out).muli(g)), x);
    }

    public static Tensor tanh(Tensor x) {
        INDArray out = Transforms.tanh(x.data(), true);
        return Tensor.result(out, g -> x.accumulateOwned(out.mul(out).rsubi(1.0).muli(g)), x);
    }

    /** {@code log(1 + e^x)}, computed as {@code max(x, 0) + log(1 + e^-|x|)} so it never overflows. */
    public static Tensor softplus(Tensor x) {
        INDArray tail = Transforms.log(Transforms.exp(Transforms.abs(x.data(), true).negi(), false).addi(1.0), false);
        INDArray out = Transforms.max(x.data(), 0.0, true).addi(tail);
        return Tensor.result(out, g -> x.accumulateOwned(Transforms.sigmoid(x.data(), true).muli(g)), x);
    }

    /** {@code x sigmoid(x)}, also called swish. */
    public static Tensor silu(Tensor x) {
        INDArray s = Transforms.sigmoid(x.data(), true);
        INDArray out = x.data().mul(s);
        // d/dx = s (1 + x (1 - s))
        return Tensor.result(out, g -> x.accumulateOwned(
                s.rsub(1.0).muli(x.data()).addi(1.0).muli(s).muli(g)), x);
    }

    /** GELU with the tanh approximation (PyTorch's {@code approximate="tanh"}). */
    public static Tensor gelu(Tensor x) {
        INDArray v = x.data();
        INDArray x2 = v.mul(v);
        INDArray inner = x2.mul(GELU_CUBIC).addi(1.0).muli(v).muli(SQRT_2_OVER_PI);
        INDArray t = Transforms.tanh(inner, true);
        INDArray out = t.add(1.0).muli(v).muli(0.5);
        return Tensor.result(out, g -> {
            // d/dx = 0.5 (1 + t) + 0.5 x (1 - t^2) sqrt(2/pi) (1 + 3 c x^2)
            INDArray dInner = x2.mul(3 * GELU_CUBIC).addi(1.0).muli(SQRT_2_OVER_PI);
            INDArray d = t.mul(t).rsubi(1.0).muli(dInner).muli(v).muli(0.5).addi(t.add(1.0).muli(0.5));
            x.accumulateOwned(d.muli(g));
        }, x);
    }

    public static Tensor exp(Tensor x) {
        INDArray out = Transforms.exp(x.data(), true);
        return Tensor.result(out, g -> x.accumulateOwned(out.mul(g)), x);
    }

    public static Tensor log(Tensor x) {
        INDArray out = Transforms.log(x.data(), true);
        return Tensor.result(out, g -> x.accumulateOwned(g.div(x.data())), x);
    }

    public static Tensor sqrt(Tensor x) {
        INDArray out = Transforms.sqrt(x.data(), true);
        return Tensor.result(out, g -> x.accumulateOwned(g.div(out).muli(0.5)), x);
    }

    /** 1 where {@code v > 0}, else 0, in v's data type. */
    static INDArray positive(INDArray v) {
        return v.gt(0.0).castTo(v.dataType());
    }
}
