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
        Runs in = Runs.of(Buffers.contiguous(x));
        double[] mean = new double[features];
        double[] var = new double[features];
        double[] rstd = new double[features];
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

    /** {@code (x - mean) * rstd * scale + shift} per feature, as a new array of x's shape. */
    public static INDArray normalize(INDArray x, int features, Statistics s, double[] scale, double[] shift) {
        Layout at = new Layout(x, features);
        Runs in = Runs.of(Buffers.contiguous(x));
        INDArray out = Nd4j.createUninitialized(x.dataType(), x.shape());
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
                        run[i] = run[i] * a + b;
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
     * {@code n} values per feature, {@code dx = rstd * scale * (g - sum g / n - xhat * sum(g xhat) / n)}.
     */
    public static INDArray backward(INDArray g, INDArray x, int features, Statistics s, double[] scale,
            double[] shiftGrad, double[] scaleGrad) {
        Layout at = new Layout(x, features);
        Runs in = Runs.of(Buffers.contiguous(x));
        Runs grad = Runs.of(Buffers.contiguous(g));
        INDArray dx = Nd4j.createUninitialized(x.dataType(), x.shape());
        Runs result = Runs.of(dx);
        double n = (double) at.outer * at.inner;
        Parallel.forBlocks(features, Concurrency.level(), (from, to) -> {
            double[] xs = new double[at.inner];
            double[] gs = new double[at.inner];
            for (int f = from; f < to; f++) {
                double m = s.mean()[f];
                double sumG = 0;
                double sumGx = 0;
                for (int o = 0; o < at.outer; o++) {
                    long start = at.start(o, f);
                    in.read(start, xs);
                    grad.read(start, gs);
                    for (int i = 0; i < xs.length; i++) {
                        sumG += gs[i];
                        sumGx += gs[i] * (xs[i] - m);
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
                        gs[i] = k * (gs[i] - c - xs[i] * d);
                    }
                    result.write(start, gs);
                }
            }
        });
        return dx;
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
