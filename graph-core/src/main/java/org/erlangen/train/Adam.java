package org.erlangen.train;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.erlangen.kernels.Buffers;
import org.erlangen.kernels.Termination;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam with PyTorch's exact update (bias correction applied to the moments, epsilon added after the square root):
 * <pre>
 * g = grad (+ weightDecay * p, the L2 form)
 * m = b1 m + (1 - b1) g;   v = b2 v + (1 - b2) g^2
 * p -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
 * </pre>
 * ND4J's own Adam adds epsilon before the bias correction, which is why this one is written out. The moments and
 * two scratch arrays per parameter are allocated once; a step allocates nothing. {@link AdamW} shares this code with
 * decoupled weight decay.
 */
public final class Adam implements Optimizer {
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPS = 1e-8;

    private final List<Tensor> params;
    private final double beta1;
    private final double beta2;
    private final double eps;
    /** Each parameter's weight decay (PyTorch's parameter groups, reduced to what differs here). */
    private final double[] weightDecay;
    private final boolean decoupled;
    private final INDArray[] m;
    private final INDArray[] v;
    private final INDArray[] scratchG;
    private final INDArray[] scratchD;
    private final long[] steps;
    /** Moments of tensors of at most {@link #SMALL} elements, updated in Java. */
    private final double[][] mJava;
    private final double[][] vJava;
    private static final int SMALL = 1 << 14;
    private double lr;

    /** Adam with PyTorch's defaults (betas 0.9, 0.999, eps 1e-8) and no weight decay. */
    public Adam(List<Tensor> params, double lr) {
        this(params, lr, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, 0.0);
    }

    /** Adam whose weight decay adds {@code weightDecay * p} to the gradient (PyTorch's {@code Adam}). */
    public Adam(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        this(params, lr, beta1, beta2, eps, weightDecay, false);
    }

    /**
     * Adam whose weight decay differs per parameter: {@code decayed} says which parameters get {@code weightDecay}
     * (added to the gradient), the others get none, as PyTorch's parameter groups do.
     */
    public static Adam withDecayOn(List<Tensor> params, double lr, double weightDecay,
            Predicate<Tensor> decayed) {
        double[] decay = new double[params.size()];
        for (int i = 0; i < decay.length; i++) {
            decay[i] = decayed.test(params.get(i)) ? weightDecay : 0.0;
        }
        return new Adam(params, lr, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, decay, false);
    }

    Adam(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay,
            boolean decoupled) {
        this(params, lr, beta1, beta2, eps, filled(params.size(), weightDecay), decoupled);
    }

    private Adam(List<Tensor> params, double lr, double beta1, double beta2, double eps, double[] weightDecay,
            boolean decoupled) {
        this.params = ParamState.checkedParameters(params);
        this.lr = ParamState.checkLr(lr);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = ParamState.checkNonNegative(eps, "Adam eps");
        for (double d : weightDecay) {
            ParamState.checkNonNegative(d, "weight decay");
        }
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
        int n = this.params.size();
        m = new INDArray[n];
        v = new INDArray[n];
        scratchG = new INDArray[n];
        scratchD = new INDArray[n];
        steps = new long[n];
        mJava = new double[n][];
        vJava = new double[n][];
        for (int i = 0; i < n; i++) {
            Termination.check();
            INDArray p = this.params.get(i).data();
            m[i] = Nd4j.zeros(p.dataType(), p.shape());
            v[i] = Nd4j.zeros(p.dataType(), p.shape());
            scratchG[i] = p.ulike();
            scratchD[i] = p.ulike();
        }
    }

    @Override
    public void step() {
        for (int i = 0; i < params.size(); i++) {
            Tensor param = params.get(i);
            if (param.grad() == null) {
                continue;
            }
            ParamState.checkGrad(param, i);
            long t = ++steps[i];
            // in Java only where the values are host memory: on a GPU the copies would cost more than the calls
            if (param.data().length() <= SMALL && Buffers.onCpuBackend()) {
                stepInJava(i, param, t);
                continue;
            }
            Termination.check(); // a step over many wide layers' parameters runs for seconds
            INDArray p = param.data();
            INDArray g = scratchG[i];
            INDArray d = scratchD[i];
            double weightDecay = this.weightDecay[i];
            if (weightDecay != 0 && decoupled) {
                p.muli(1 - lr * weightDecay);
            }
            if (weightDecay != 0 && !decoupled) {
                g.assign(p).muli(weightDecay).addi(param.grad());
            } else {
                g.assign(param.grad());
            }
            // v = b2 v + (1 - b2) g^2, then m = b1 m + (1 - b1) g (g is overwritten last)
            d.assign(g).muli(g).muli(1 - beta2);
            v[i].muli(beta2).addi(d);
            m[i].muli(beta1).addi(g.muli(1 - beta1));
            double bc1 = 1 - Math.pow(beta1, t);
            double bc2 = 1 - Math.pow(beta2, t);
            // denom = sqrt(v) / sqrt(bc2) + eps; p -= (lr / bc1) m / denom
            Transforms.sqrt(d.assign(v[i]), false).divi(Math.sqrt(bc2)).addi(eps);
            p.subi(d.rdivi(m[i]).muli(lr / bc1));
        }
    }

    /**
     * The same update for a small tensor, in Java: the fourteen ND4J calls above cost more than the arithmetic for
     * biases and small weight matrices (a GIN step on 128 molecules spent much of its time here). The moments live
     * in Java arrays; values are rounded to the parameter's precision as PyTorch's float32 Adam does.
     */
    private void stepInJava(int i, Tensor param, long t) {
        INDArray p = param.data();
        boolean single = p.dataType() != DataType.DOUBLE;
        double[] values = Buffers.valuesAsDoubles(p);
        double[] grad = Buffers.valuesAsDoubles(param.grad());
        if (mJava[i] == null) {
            mJava[i] = new double[values.length];
            vJava[i] = new double[values.length];
        }
        double[] mi = mJava[i];
        double[] vi = vJava[i];
        double bc1 = 1 - Math.pow(beta1, t);
        double sqrtBc2 = Math.sqrt(1 - Math.pow(beta2, t));
        double weightDecay = this.weightDecay[i];
        for (int k = 0; k < values.length; k++) {
            double value = values[k];
            if (weightDecay != 0 && decoupled) {
                value = round(value * (1 - lr * weightDecay), single);
            }
            double g = weightDecay != 0 && !decoupled ? round(grad[k] + weightDecay * value, single) : grad[k];
            vi[k] = round(beta2 * vi[k] + (1 - beta2) * g * g, single);
            mi[k] = round(beta1 * mi[k] + (1 - beta1) * g, single);
            double denom = round(Math.sqrt(vi[k]) / sqrtBc2 + eps, single);
            values[k] = round(value - lr / bc1 * mi[k] / denom, single);
        }
        Buffers.write(p, values);
    }

    private static double[] filled(int n, double value) {
        double[] out = new double[n];
        Arrays.fill(out, value);
        return out;
    }

    private static double round(double x, boolean single) {
        return single ? (float) x : x;
    }

    @Override
    public void zeroGrad() {
        ParamState.zeroGrad(params);
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public void setLearningRate(double lr) {
        this.lr = ParamState.checkLr(lr);
    }

    @Override
    public List<Tensor> parameters() {
        return params;
    }
}
