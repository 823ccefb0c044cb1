package org.erlangen.train;

import java.util.Arrays;
import org.erlangen.kernels.Buffers;
import org.erlangen.kernels.Concurrency;
import org.erlangen.kernels.LogitLossKernel;
import org.erlangen.kernels.Parallel;
import org.erlangen.kernels.Vectorization;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Softmax;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Differentiable losses, each returning a one-element tensor, with PyTorch's reduction {@code mean}. */
public final class Losses {
    private Losses() {
    }

    /** Cross-entropy over all rows, unweighted. */
    public static Tensor crossEntropy(Tensor logits, int[] labels) {
        return crossEntropy(logits, labels, null, (boolean[]) null);
    }

    /**
     * Cross-entropy with label smoothing, as PyTorch's {@code F.cross_entropy(logits, labels,
     * label_smoothing=smoothing)}: {@code (1 - smoothing) CE + smoothing * mean_c(-log p_c)}, the target spread as
     * {@code 1 - smoothing} on the label and {@code smoothing / C} on every class. It keeps a classifier from driving
     * its logits apart without end once the training set is fitted. Every label must be counted (0 to C - 1).
     */
    public static Tensor crossEntropy(Tensor logits, int[] labels, double smoothing) {
        if (!(smoothing >= 0 && smoothing <= 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1], got " + smoothing);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("label smoothing counts every row; label " + labels[i] + " at row "
                        + i);
            }
        }
        Tensor hard = crossEntropy(logits, labels);
        if (smoothing == 0) {
            return hard;
        }
        Tensor uniform = Ops.neg(Softmax.logSoftmax(logits, 1).mean());
        return Ops.add(Ops.mul(hard, 1 - smoothing), Ops.mul(uniform, smoothing));
    }

    /**
     * Cross-entropy of {@code logits [N, C]} against class {@code labels} (length N), as PyTorch's
     * {@code F.cross_entropy(logits[mask], labels[mask], weight=classWeights, ignore_index=<any negative>)}:
     * {@code sum_i w[y_i] nll_i / sum_i w[y_i]} over the rows where {@code mask} is true (null: all rows) and the label
     * is not negative. {@code classWeights} (length C) may be null for weight 1. With no counted row the loss is NaN,
     * as in PyTorch, and the gradient is zero.
     *
     * <p>Log-softmax and the negative log-likelihood are fused: the backward is {@code (softmax - onehot) w / W}.
     */
    public static Tensor crossEntropy(Tensor logits, int[] labels, double[] classWeights, boolean[] mask) {
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("cross-entropy expects logits [N, C], got shape "
                    + Arrays.toString(logits.shape()));
        }
        int n = Math.toIntExact(logits.rows());
        int c = Math.toIntExact(logits.size(1));
        if (labels.length != n) {
            throw new IllegalArgumentException("cross-entropy has " + n + " rows of logits but " + labels.length
                    + " labels");
        }
        if (classWeights != null && classWeights.length != c) {
            throw new IllegalArgumentException("cross-entropy has " + c + " classes but " + classWeights.length
                    + " class weights");
        }
        if (mask != null && mask.length != n) {
            throw new IllegalArgumentException("cross-entropy has " + n + " rows but a mask of length "
                    + mask.length);
        }
        DataType dtype = logits.dtype();
        // float32 logits are read as floats (no widened copy of the matrix); sums are accumulated in double
        float[] xf = dtype == DataType.DOUBLE ? null : Buffers.floats(logits.data());
        double[] xd = dtype == DataType.DOUBLE ? Buffers.doubles(logits.data()) : null;
        // softmax of counted rows, kept in the logits' precision so the backward needs no exp
        float[] pf = xf == null ? null : new float[n * c];
        double[] pd = xd == null ? null : new double[n * c];
        double[] rowWeight = new double[n];
        double[] rowLoss = new double[n];
        for (int i = 0; i < n; i++) {
            int y = labels[i];
            if (y >= c) {
                throw new IllegalArgumentException("label " + y + " at row " + i + " outside [0, " + c + ")");
            }
            if (y >= 0 && (mask == null || mask[i])) {
                rowWeight[i] = classWeights == null ? 1.0 : classWeights[y];
            }
        }
        // rows in parallel blocks; the sum below runs in row order, so the loss does not depend on the thread count
        Parallel.forRows(n, null, c, (from, to) -> {
            for (int i = from; i < to; i++) {
                if (rowWeight[i] != 0) {
                    int o = i * c;
                    int y = labels[i];
                    double nll = xd != null ? softmaxRow(xd, pd, o, c) - xd[o + y] : softmaxRow(xf, pf, o, c) - xf[o + y];
                    rowLoss[i] = rowWeight[i] * nll;
                }
            }
        });
        double total = 0;
        double weightSum = 0;
        for (int i = 0; i < n; i++) {
            total += rowLoss[i];
            weightSum += rowWeight[i];
        }
        double loss = total / weightSum; // 0/0 = NaN when nothing is counted, as in PyTorch
        double denominator = weightSum;
        return Tensor.result(Nd4j.scalar(dtype, loss), g -> {
            double scale = denominator == 0 ? 0.0 : g.getDouble(0) / denominator;
            // d loss / d logits = (softmax - onehot) w_row / sum w, zero for rows that are not counted
            if (pd != null) {
                double[] grad = new double[n * c];
                for (int i = 0; i < n; i++) {
                    if (rowWeight[i] != 0) {
                        double sw = scale * rowWeight[i];
                        int o = i * c;
                        for (int j = 0; j < c; j++) {
                            grad[o + j] = sw * pd[o + j];
                        }
                        grad[o + labels[i]] -= sw;
                    }
                }
                logits.accumulateOwned(Buffers.of(grad, n, c));
                return;
            }
            float[] grad = new float[n * c];
            for (int i = 0; i < n; i++) {
                if (rowWeight[i] != 0) {
                    double sw = scale * rowWeight[i];
                    int o = i * c;
                    for (int j = 0; j < c; j++) {
                        grad[o + j] = (float) (sw * pf[o + j]);
                    }
                    grad[o + labels[i]] = (float) (sw * pf[o + labels[i]] - sw);
                }
            }
            INDArray out = Buffers.of(grad, n, c);
            logits.accumulateOwned(dtype == DataType.FLOAT ? out : out.castTo(dtype));
        }, logits);
    }

    /** Writes the softmax of row {@code x[o, o + c)} into {@code p} and returns the row's log-sum-exp. */
    private static double softmaxRow(double[] x, double[] p, int o, int c) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < c; j++) {
            max = Math.max(max, x[o + j]);
        }
        double s = 0;
        for (int j = 0; j < c; j++) {
            double e = Math.exp(x[o + j] - max);
            p[o + j] = e;
            s += e;
        }
        double inv = 1.0 / s;
        for (int j = 0; j < c; j++) {
            p[o + j] *= inv;
        }
        return max + Math.log(s);
    }

    private static double softmaxRow(float[] x, float[] p, int o, int c) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < c; j++) {
            max = Math.max(max, x[o + j]);
        }
        double s = 0;
        for (int j = 0; j < c; j++) {
            double e = Math.exp(x[o + j] - max);
            p[o + j] = (float) e;
            s += e;
        }
        double inv = 1.0 / s;
        for (int j = 0; j < c; j++) {
            p[o + j] = (float) (p[o + j] * inv);
        }
        return max + Math.log(s);
    }

    /** Cross-entropy over the rows listed in {@code rows} (for example the training nodes). */
    public static Tensor crossEntropyAt(Tensor logits, int[] labels, double[] classWeights, int[] rows) {
        boolean[] mask = new boolean[Math.toIntExact(logits.rows())];
        for (int r : rows) {
            if (r < 0 || r >= mask.length) {
                throw new IllegalArgumentException("row index " + r + " outside [0, " + mask.length + ")");
            }
            mask[r] = true;
        }
        return crossEntropy(logits, labels, classWeights, mask);
    }

    /** Mean squared error; {@code prediction} and {@code target} must have the same shape. */
    public static Tensor mse(Tensor prediction, Tensor target) {
        checkSameShape(prediction, target, "mse");
        INDArray diff = prediction.data().sub(target.data());
        long n = diff.length();
        double loss = diff.mul(diff).sumNumber().doubleValue() / n;
        return Tensor.result(Nd4j.scalar(prediction.dtype(), loss), g -> {
            INDArray gp = diff.mul(2.0 * g.getDouble(0) / n);
            passToBoth(prediction, target, gp);
        }, prediction, target);
    }

    /** Mean absolute error; the gradient at a zero difference is 0, as in PyTorch. */
    public static Tensor l1(Tensor prediction, Tensor target) {
        checkSameShape(prediction, target, "l1");
        INDArray diff = prediction.data().sub(target.data());
        long n = diff.length();
        double loss = Transforms.abs(diff, true).sumNumber().doubleValue() / n;
        return Tensor.result(Nd4j.scalar(prediction.dtype(), loss), g -> {
            INDArray gp = Transforms.sign(diff, true).muli(g.getDouble(0) / n);
            passToBoth(prediction, target, gp);
        }, prediction, target);
    }

    /**
     * Binary cross-entropy with logits {@code positives + shift} labelled 1 and {@code negatives + shift} labelled 0,
     * the mean over both: a link decoder's loss over its links and sampled non-links in one pass each way, where
     * concatenating the two, making the labels and adding the shift were passes of their own over every pair.
     * {@code shift} is a one-value tensor (the decoder's bias) or null.
     */
    public static Tensor bceWithLogits(Tensor positives, Tensor negatives, Tensor shift) {
        if (positives.dtype() != negatives.dtype() || (shift != null && shift.data().length() != 1)) {
            throw new IllegalArgumentException("bceWithLogits of positives " + positives.dtype() + " and negatives "
                    + negatives.dtype() + (shift == null ? "" : ", shift of " + shift.data().length() + " values")
                    + ": the types must agree and the shift is one value");
        }
        double b = shift == null ? 0 : shift.data().getDouble(0);
        DataType dtype = positives.dtype();
        LinkTerms terms = dtype == DataType.FLOAT && Vectorization.enabled()
                ? new FloatTerms(Buffers.floats(positives.data()), Buffers.floats(negatives.data()), (float) b)
                : new DoubleTerms(Buffers.valuesAsDoubles(positives.data()),
                        Buffers.valuesAsDoubles(negatives.data()), b);
        int n = terms.count(0) + terms.count(1);
        if (n == 0) {
            throw new IllegalArgumentException("bceWithLogits of no pairs");
        }
        // the terms summed per chunk of pairs, the same sums whatever the thread count
        int[] first = {0, chunks(terms.count(0))};
        double[] sums = new double[2 * (first[1] + chunks(terms.count(1)))];
        for (int side = 0; side < 2; side++) {
            int s = side;
            Parallel.forBlocks(chunks(terms.count(side)), Concurrency.level(), (c0, c1) -> {
                double[] chunk = new double[2];
                for (int c = c0; c < c1; c++) {
                    terms.sum(s, c * CHUNK, Math.min(terms.count(s), (c + 1) * CHUNK), chunk);
                    sums[2 * (first[s] + c)] = chunk[0];
                    sums[2 * (first[s] + c) + 1] = chunk[1];
                }
            });
        }
        double loss = 0;
        double slope = 0;
        for (int c = 0; c < sums.length; c += 2) {
            loss += sums[c];
            slope += sums[c + 1];
        }
        double sumOfSlopes = slope;
        return Tensor.result(Nd4j.scalar(dtype, loss / n), g -> {
            double scale = g.getDouble(0) / n;
            if (positives.requiresGrad()) {
                positives.accumulateOwned(terms.gradient(0, scale, dtype).reshape(positives.shape()));
            }
            if (negatives.requiresGrad()) {
                negatives.accumulateOwned(terms.gradient(1, scale, dtype).reshape(negatives.shape()));
            }
            if (shift != null && shift.requiresGrad()) {
                shift.accumulateOwned(Nd4j.scalar(dtype, sumOfSlopes * scale).reshape(shift.shape()));
            }
        }, positives, negatives, shift);
    }

    private static final int CHUNK = 4096;

    private static int chunks(int n) {
        return (n + CHUNK - 1) / CHUNK;
    }

    /**
     * The logits of links (side 0, label 1) and non-links (side 1, label 0), each replaced by its gradient
     * {@code sigmoid(z) - label} as its term is summed.
     */
    private interface LinkTerms {
        int count(int side);

        /** Sums the terms of logits {@code [from, to)} of a side into {@code out[0]}, their gradients into out[1]. */
        void sum(int side, int from, int to, double[] out);

        INDArray gradient(int side, double scale, DataType dtype);
    }

    private record FloatTerms(float[] links, float[] nonLinks, float shift) implements LinkTerms {
        public int count(int side) {
            return side == 0 ? links.length : nonLinks.length;
        }

        public void sum(int side, int from, int to, double[] out) {
            LogitLossKernel.terms(side == 0 ? links : nonLinks, from, to, shift, side == 0 ? 1f : 0f, out);
        }

        public INDArray gradient(int side, double scale, DataType dtype) {
            float[] x = side == 0 ? links : nonLinks;
            float[] out = new float[x.length];
            float s = (float) scale;
            for (int i = 0; i < out.length; i++) {
                out[i] = x[i] * s;
            }
            return Buffers.of(out, out.length);
        }
    }

    private record DoubleTerms(double[] links, double[] nonLinks, double shift) implements LinkTerms {
        public int count(int side) {
            return side == 0 ? links.length : nonLinks.length;
        }

        public void sum(int side, int from, int to, double[] out) {
            double[] x = side == 0 ? links : nonLinks;
            int label = side == 0 ? 1 : 0;
            double loss = 0;
            double slope = 0;
            for (int i = from; i < to; i++) {
                double z = x[i] + shift;
                double e = Math.exp(-Math.abs(z));
                // softplus(-z) for a link, softplus(z) for a non-link
                loss += Math.max(label == 1 ? -z : z, 0) + Math.log1p(e);
                x[i] = (z >= 0 ? 1 : e) / (1 + e) - label;
                slope += x[i];
            }
            out[0] = loss;
            out[1] = slope;
        }

        public INDArray gradient(int side, double scale, DataType dtype) {
            return scaled(side == 0 ? links : nonLinks, scale, dtype, new long[] {count(side)});
        }
    }

    private static INDArray scaled(double[] values, double scale, DataType dtype, long[] shape) {
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[i] * scale;
        }
        INDArray a = Nd4j.createFromArray(out).reshape(shape);
        return dtype == DataType.DOUBLE ? a : a.castTo(dtype);
    }

    /**
     * Binary cross-entropy on logits, mean over all elements, computed stably as
     * {@code max(x, 0) - x y + log(1 + e^-|x|)}; targets are probabilities in [0, 1].
     */
    public static Tensor bceWithLogits(Tensor logits, Tensor targets) {
        checkSameShape(logits, targets, "bceWithLogits");
        INDArray x = logits.data();
        INDArray y = targets.data();
        long n = x.length();
        INDArray terms = Transforms.max(x, 0.0, true).subi(x.mul(y))
                .addi(Transforms.log(Transforms.exp(Transforms.abs(x, true).negi(), false).addi(1.0), false));
        double loss = terms.sumNumber().doubleValue() / n;
        return Tensor.result(Nd4j.scalar(logits.dtype(), loss), g -> {
            double scale = g.getDouble(0) / n;
            if (logits.requiresGrad()) {
                logits.accumulateOwned(Transforms.sigmoid(x, true).subi(y).muli(scale));
            }
            if (targets.requiresGrad()) {
                targets.accumulateOwned(x.mul(-scale));
            }
        }, logits, targets);
    }

    private static void passToBoth(Tensor prediction, Tensor target, INDArray gp) {
        if (target.requiresGrad()) {
            target.accumulateOwned(gp.neg());
        }
        prediction.accumulateOwned(gp);
    }

    private static void checkSameShape(Tensor a, Tensor b, String what) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(what + ": prediction shape " + Arrays.toString(a.shape())
                    + " differs from target shape " + Arrays.toString(b.shape()));
        }
    }
}
