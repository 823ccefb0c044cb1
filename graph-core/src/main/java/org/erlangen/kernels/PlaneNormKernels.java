package org.erlangen.kernels;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalisation in training over arrays laid out as {@code [outer, features, inner]} in row-major order (a
 * grid signal [B, C, H, W] has inner = H * W): each feature's statistics are taken over its {@code outer} contiguous
 * runs of {@code inner} values. The [N, F] kernels ({@link BatchNormKernels}) need the features last, and the
 * transposes into and out of that layout cost more than the normalisation itself. Each run is copied from the
 * off-heap array into a small heap buffer and back, so nothing of the signal's size is made on the heap; arithmetic
 * is in double for float and double arrays alike. Features run in parallel, each read and written by one thread.
 */
public final class PlaneNormKernels {
    /** Per feature: mean, biased variance and {@code 1 / sqrt(var + eps)} of the batch. */
    public record Statistics(double[] mean, double[] var, double[] rstd) {
    }

    private PlaneNormKernels() {
    }

    /** Whether the kernels take {@code x}: a dense row-major float or double array on the CPU backend, under 2 GiB. */
    public static boolean applies(INDArray x) {
        DataType t = x.dataType();
        return (t == DataType.FLOAT || t == DataType.DOUBLE) && Buffers.onCpuBackend() && x.rank() >= 2
                && x.length() * t.width() < Integer.MAX_VALUE;
    }

    /** Statistics of {@code x} per feature. */
    public static Statistics statistics(INDArray x, int features, double eps) {
        Layout at = new Layout(x, features);
        INDArray dense = Buffers.contiguous(x);
        double[] mean = new double[features];
        double[] var = new double[features];
        double[] rstd = new double[features];
        if (dense.dataType() == DataType.FLOAT) {
            FloatBuffer in = dense.data().asNioFloat();
            Parallel.forBlocks(features, Concurrency.level(), (from, to) -> {
                float[] run = new float[at.inner];
                double[] sums = new double[2];
                for (int f = from; f < to; f++) {
                    double n = 0;
                    double m = 0;
                    double m2 = 0;
                    for (int o = 0; o < at.outer; o++) {
                        in.get((int) at.start(o, f), run);
                        float pivot = run[0];
                        sums[0] = 0;
                        sums[1] = 0;
                        PlaneRunKernels.sums(run, at.inner, pivot, sums);
                        double delta = pivot + sums[0] / at.inner - m;
                        double merged = n + at.inner;
                        m += delta * at.inner / merged;
                        m2 += sums[1] - sums[0] * sums[0] / at.inner + delta * delta * n * at.inner / merged;
                        n = merged;
                    }
                    mean[f] = m;
                    var[f] = Math.max(0, m2 / n);
                    rstd[f] = 1 / Math.sqrt(var[f] + eps);
                }
            });
            return new Statistics(mean, var, rstd);
        }
        Runs in = Runs.of(dense);
        Parallel.forBlocks(features, Concurrency.level(), (from, to) -> {
            double[] run = new double[at.inner];
            for (int f = from; f < to; f++) {
                // each run's sums about its first value, then the runs merged (Chan et al.): one pass, and no
                // cancellation when the mean is large against the spread
                double n = 0;
                double m = 0;
                double m2 = 0;
                for (int o = 0; o < at.outer; o++) {
                    in.read(at.start(o, f), run);
                    double pivot = run[0];
                    double sum = 0;
                    double squares = 0;
                    for (double v : run) {
                        double d = v - pivot;
                        sum += d;
                        squares += d * d;
                    }
                    double delta = pivot + sum / at.inner - m;
                    double merged = n + at.inner;
                    m += delta * at.inner / merged;
                    m2 += squares - sum * sum / at.inner + delta * delta * n * at.inner / merged;
                    n = merged;
                }
                mean[f] = m;
                var[f] = Math.max(0, m2 / n);
                rstd[f] = 1 / Math.sqrt(var[f] + eps);
            }
        });
        return new Statistics(mean, var, rstd);
    }

    /**
     * {@code (x - mean) * rstd * scale + shift} per feature, then {@code max(0, .)} when {@code relu} (batch norm and
     * the ReLU after it in one pass), as a new array of x's shape.
     */
    public static INDArray normalize(INDArray x, int features, Statistics s, double[] scale, double[] shift,
            boolean relu) {
        Layout at = new Layout(x, features);
        INDArray dense = Buffers.contiguous(x);
        INDArray out = Nd4j.createUninitialized(x.dataType(), x.shape());
        if (dense.dataType() == DataType.FLOAT) {
            FloatBuffer in = dense.data().asNioFloat();
            FloatBuffer result = out.data().asNioFloat();
            Parallel.forBlocks(features, Concurrency.level(), (from, to) -> {
                float[] run = new float[at.inner];
                for (int f = from; f < to; f++) {
                    float a = floatScale(s, scale, f);
                    float b = floatShift(s, scale, shift, f);
                    for (int o = 0; o < at.outer; o++) {
                        int start = (int) at.start(o, f);
                        in.get(start, run);
                        PlaneRunKernels.affine(run, at.inner, a, b, relu);
                        result.put(start, run);
                    }
                }
            });
            return out;
        }
        Runs in = Runs.of(dense);
        Runs result = Runs.of(out);
        Parallel.forBlocks(features, Concurrency.level(), (from, to) -> {
            double[] run = new double[at.inner];
            for (int f = from; f < to; f++) {
                double a = s.rstd()[f] * scale[f];
                double b = shift[f] - s.mean()[f] * a;
                for (int o = 0; o < at.outer; o++) {
                    long start = at.start(o, f);
                    in.read(start, run);
                    for (int i = 0; i < run.length; i++) {
                        double y = run[i] * a + b;
                        run[i] = relu ? Math.max(y, 0) : y;
                    }
                    result.write(start, run);
                }
            }
        });
        return out;
    }

    /**
     * The backward pass from the output's gradient {@code g}: returns the input's gradient and fills, per feature,
     * {@code shiftGrad} (the sum of g) and {@code scaleGrad} (the sum of g times the normalised input). With
     * {@code n} values per feature, {@code dx = rstd * scale * (g - sum g / n - xhat * sum(g xhat) / n)}. With
     * {@code relu}, of {@link #normalize}'s output after the ReLU: g is first cut where the ReLU cut, found again
     * from x.
     */
    public static INDArray backward(INDArray g, INDArray x, int features, Statistics s, double[] scale,
            double[] shift, double[] shiftGrad, double[] scaleGrad, boolean relu) {
        Layout at = new Layout(x, features);
        INDArray dense = Buffers.contiguous(x);
        INDArray gradient = Buffers.contiguous(g);
        INDArray dx = Nd4j.createUninitialized(x.dataType(), x.shape());
        double n = (double) at.outer * at.inner;
        if (dense.dataType() == DataType.FLOAT && gradient.dataType() == DataType.FLOAT) {
            FloatBuffer in = dense.data().asNioFloat();
            FloatBuffer grad = gradient.data().asNioFloat();
            FloatBuffer result = dx.data().asNioFloat();
            Parallel.forBlocks(features, Concurrency.level(), (from, to) -> {
                float[] xs = new float[at.inner];
                float[] gs = new float[at.inner];
                double[] sums = new double[2];
                for (int f = from; f < to; f++) {
                    float a = floatScale(s, scale, f);
                    float b = floatShift(s, scale, shift, f);
                    sums[0] = 0;
                    sums[1] = 0;
                    for (int o = 0; o < at.outer; o++) {
                        int start = (int) at.start(o, f);
                        in.get(start, xs);
                        grad.get(start, gs);
                        PlaneRunKernels.gradientSums(xs, gs, at.inner, (float) s.mean()[f], relu, a, b, sums);
                    }
                    double r = s.rstd()[f];
                    shiftGrad[f] = sums[0];
                    scaleGrad[f] = sums[1] * r;
                    double d = r * r * sums[1] / n;
                    double c = sums[0] / n - s.mean()[f] * d;
                    for (int o = 0; o < at.outer; o++) {
                        int start = (int) at.start(o, f);
                        in.get(start, xs);
                        grad.get(start, gs);
                        PlaneRunKernels.inputGradient(xs, gs, at.inner, (float) (r * scale[f]), (float) c, (float) d,
                                relu, a, b);
                        result.put(start, gs);
                    }
                }
            });
            return dx;
        }
        Runs in = Runs.of(dense);
        Runs grad = Runs.of(gradient);
        Runs result = Runs.of(dx);
        Parallel.forBlocks(features, Concurrency.level(), (from, to) -> {
            double[] xs = new double[at.inner];
            double[] gs = new double[at.inner];
            for (int f = from; f < to; f++) {
                double m = s.mean()[f];
                double a = s.rstd()[f] * scale[f];
                double b = shift[f] - m * a;
                double sumG = 0;
                double sumGx = 0;
                for (int o = 0; o < at.outer; o++) {
                    long start = at.start(o, f);
                    in.read(start, xs);
                    grad.read(start, gs);
                    for (int i = 0; i < xs.length; i++) {
                        double gi = relu && !(xs[i] * a + b > 0) ? 0 : gs[i];
                        sumG += gi;
                        sumGx += gi * (xs[i] - m);
                    }
                }
                double r = s.rstd()[f];
                shiftGrad[f] = sumG;
                scaleGrad[f] = sumGx * r;
                // dx = k (g - sumG / n - (x - m) r^2 sumGx / n) = k (g - c - x d)
                double k = r * scale[f];
                double d = r * r * sumGx / n;
                double c = sumG / n - m * d;
                for (int o = 0; o < at.outer; o++) {
                    long start = at.start(o, f);
                    in.read(start, xs);
                    grad.read(start, gs);
                    for (int i = 0; i < xs.length; i++) {
                        double gi = relu && !(xs[i] * a + b > 0) ? 0 : gs[i];
                        gs[i] = k * (gi - c - xs[i] * d);
                    }
                    result.write(start, gs);
                }
            }
        });
        return dx;
    }

    /** The normalisation of feature {@code f} as {@code x * a + b} in float: its {@code a} ... */
    private static float floatScale(Statistics s, double[] scale, int f) {
        return (float) (s.rstd()[f] * scale[f]);
    }

    /** ... and its {@code b}; both passes compute the output from these, so they agree on where the ReLU cut. */
    private static float floatShift(Statistics s, double[] scale, double[] shift, int f) {
        return (float) (shift[f] - s.mean()[f] * s.rstd()[f] * scale[f]);
    }

    /** Where each feature's runs lie. */
    private record Layout(int outer, int features, int inner) {
        Layout(INDArray x, int features) {
            this((int) x.size(0), features, (int) (x.length() / x.size(0) / features));
        }

        long start(int o, int f) {
            return ((long) o * features + f) * inner;
        }
    }

    /** Runs of a dense off-heap array, copied to and from double arrays. */
    private interface Runs {
        void read(long start, double[] into);

        void write(long start, double[] values);

        static Runs of(INDArray a) {
            if (a.dataType() == DataType.DOUBLE) {
                DoubleBuffer buffer = a.data().asNioDouble();
                return new Runs() {
                    @Override
                    public void read(long start, double[] into) {
                        buffer.get((int) start, into);
                    }

                    @Override
                    public void write(long start, double[] values) {
                        buffer.put((int) start, values);
                    }
                };
            }
            FloatBuffer buffer = a.data().asNioFloat();
            ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[0]);
            return new Runs() {
                @Override
                public void read(long start, double[] into) {
                    float[] f = floats(into.length);
                    buffer.get((int) start, f, 0, into.length);
                    for (int i = 0; i < into.length; i++) {
                        into[i] = f[i];
                    }
                }

                @Override
                public void write(long start, double[] values) {
                    float[] f = floats(values.length);
                    for (int i = 0; i < values.length; i++) {
                        f[i] = (float) values[i];
                    }
                    buffer.put((int) start, f, 0, values.length);
                }

                private float[] floats(int n) {
                    float[] f = scratch.get();
                    if (f.length < n) {
                        f = new float[n];
                        scratch.set(f);
                    }
                    return f;
                }
            };
        }
    }
}
