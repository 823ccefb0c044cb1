package org.erlangen.tensor;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.erlangen.kernels.Buffers;
import org.erlangen.kernels.Concurrency;
import org.erlangen.kernels.Parallel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Differentiable operations on grid signals {@code [batch, channels, height, width]}: 2D convolution, through
 * one matrix product per kernel tap ({@link ShiftedConvolution}) where the stride is 1 and there are channels enough,
 * else through im2col and one matrix product per group (the products the rest of the library runs), and max and
 * average pooling. The im2col and pooling kernels run over images in parallel, each image writing only its own rows.
 */
public final class Convolutions {
    /** How a convolution slides: stride, zero padding on every side, dilation of the kernel, channel groups. */
    public record Spec(int stride, int padding, int dilation, int groups) {
        public static final Spec DEFAULT = new Spec(1, 0, 1, 1);

        public Spec {
            if (stride < 1 || padding < 0 || dilation < 1 || groups < 1) {
                throw new IllegalArgumentException("a convolution needs stride >= 1, padding >= 0, dilation >= 1 "
                        + "and groups >= 1, got " + stride + ", " + padding + ", " + dilation + ", " + groups);
            }
        }

        /** This spec with {@code p} padding. */
        public Spec padded(int p) {
            return new Spec(stride, p, dilation, groups);
        }

        int outputSize(int input, int kernel) {
            return (input + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1;
        }
    }

    /**
     * Input channels from which a stride-1 convolution runs as shifted products ({@link ShiftedConvolution}); with
     * fewer, each tap's product is too shallow to pay, and each image's patch matrix ({@link PatchConvolution}) is
     * small. With P4CNN's 40 channels, patch matrices made the step's convolutions 169 ms against 101 shifted.
     */
    static final int SHIFTED_MIN_CHANNELS = 8;

    private Convolutions() {
    }

    /**
     * {@code x} [B, C, H, W] convolved with {@code weight} [O, C / groups, kh, kw] (cross-correlation, as PyTorch's
     * {@code conv2d}), plus {@code bias} [O] when not null: [B, O, Ho, Wo].
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, Spec spec) {
        requireRank(x, 4, "conv2d input");
        requireRank(weight, 4, "conv2d weight");
        int channels = (int) x.size(1);
        int outChannels = (int) weight.size(0);
        int groups = spec.groups();
        if (channels % groups != 0 || outChannels % groups != 0 || weight.size(1) != channels / groups) {
            throw new IllegalArgumentException("conv2d: input " + Arrays.toString(x.shape()) + " and weight "
                    + Arrays.toString(weight.shape()) + " do not fit " + groups + " groups (weight [out, in / groups, "
                    + "kh, kw], both channel counts divisible by the groups)");
        }
        if (bias != null && bias.data().length() != outChannels) {
            throw new IllegalArgumentException("conv2d bias has " + bias.data().length() + " values for "
                    + outChannels + " output channels");
        }
        int kh = (int) weight.size(2);
        int kw = (int) weight.size(3);
        int h = (int) x.size(2);
        int w = (int) x.size(3);
        int ho = spec.outputSize(h, kh);
        int wo = spec.outputSize(w, kw);
        if (ho < 1 || wo < 1) {
            throw new IllegalArgumentException("conv2d: a " + kh + "x" + kw + " kernel does not fit a " + h + "x" + w
                    + " image with padding " + spec.padding() + " and dilation " + spec.dilation());
        }
        if (channels >= SHIFTED_MIN_CHANNELS && ShiftedConvolution.applies(x, weight, spec)) {
            return ShiftedConvolution.apply(x, weight, bias, spec);
        }
        if (PatchConvolution.applies(x, weight, bias, spec)) {
            return PatchConvolution.apply(x, weight, bias, spec);
        }
        int perGroup = channels / groups;
        int outPerGroup = outChannels / groups;
        Tensor[] parts = new Tensor[groups];
        for (int g = 0; g < groups; g++) {
            Tensor xg = groups == 1 ? x : Shapes.slice(x, 1, (long) g * perGroup, (long) (g + 1) * perGroup);
            Tensor wg = groups == 1 ? weight : Shapes.slice(weight, 0, (long) g * outPerGroup,
                    (long) (g + 1) * outPerGroup);
            Tensor columns = unfold(xg, kh, kw, spec);
            parts[g] = Ops.matmulTransposed(columns, Shapes.reshape(wg, outPerGroup, (long) perGroup * kh * kw));
        }
        Tensor rows = groups == 1 ? parts[0] : Shapes.concat(1, parts); // [B * Ho * Wo, O]
        if (bias != null) {
            rows = Ops.add(rows, Shapes.reshape(bias, 1, outChannels));
        }
        return channelsFirst(rows, (int) x.size(0), ho, wo);
    }

    /**
     * The patches a convolution reads, one row per output position: [B * Ho * Wo, C * kh * kw], rows image by image
     * then row-major over positions, columns channel by channel then row-major over the kernel; zeros where the
     * kernel reaches into the padding. The gradient folds each patch back onto the pixels it came from.
     */
    public static Tensor unfold(Tensor x, int kh, int kw, Spec spec) {
        requireRank(x, 4, "unfold input");
        int b = (int) x.size(0);
        int c = (int) x.size(1);
        int h = (int) x.size(2);
        int w = (int) x.size(3);
        int ho = spec.outputSize(h, kh);
        int wo = spec.outputSize(w, kw);
        Geometry geo = new Geometry(c, h, w, kh, kw, ho, wo, spec);
        int[] source = geo.sources();
        int patch = source.length; // entries per image: Ho * Wo * C * kh * kw
        long[] shape = {(long) b * ho * wo, (long) c * kh * kw};
        INDArray columns;
        if (x.dtype() == DataType.FLOAT) {
            float[] in = Buffers.floats(x.data());
            float[] out = new float[b * patch];
            Parallel.forBlocks(b, Concurrency.level(), (from, to) -> {
                for (int i = from; i < to; i++) {
                    int image = i * c * h * w;
                    for (int k = 0; k < patch; k++) {
                        out[i * patch + k] = source[k] < 0 ? 0 : in[image + source[k]];
                    }
                }
            });
            columns = Buffers.of(out, shape);
        } else {
            double[] in = Buffers.doubles(x.data());
            double[] out = new double[b * patch];
            Parallel.forBlocks(b, Concurrency.level(), (from, to) -> {
                for (int i = from; i < to; i++) {
                    int image = i * c * h * w;
                    for (int k = 0; k < patch; k++) {
                        out[i * patch + k] = source[k] < 0 ? 0 : in[image + source[k]];
                    }
                }
            });
            columns = Buffers.of(out, shape).castTo(x.dtype());
        }
        return Tensor.result(columns, g -> {
            INDArray folded;
            if (x.dtype() == DataType.FLOAT) {
                float[] gr = Buffers.floats(g);
                float[] back = new float[b * c * h * w];
                Parallel.forBlocks(b, Concurrency.level(), (from, to) -> {
                    for (int i = from; i < to; i++) {
                        int image = i * c * h * w;
                        for (int k = 0; k < patch; k++) {
                            if (source[k] >= 0) {
                                back[image + source[k]] += gr[i * patch + k];
                            }
                        }
                    }
                });
                folded = Buffers.of(back, x.shape());
            } else {
                double[] gr = Buffers.doubles(g);
                double[] back = new double[b * c * h * w];
                Parallel.forBlocks(b, Concurrency.level(), (from, to) -> {
                    for (int i = from; i < to; i++) {
                        int image = i * c * h * w;
                        for (int k = 0; k < patch; k++) {
                            if (source[k] >= 0) {
                                back[image + source[k]] += gr[i * patch + k];
                            }
                        }
                    }
                });
                folded = Buffers.of(back, x.shape()).castTo(x.dtype());
            }
            x.accumulateOwned(folded);
        }, x);
    }

    /** Maximum over each {@code kernel x kernel} window; the gradient goes to the first maximum of the window. */
    public static Tensor maxPool2d(Tensor x, int kernel, int stride) {
        return pool(x, kernel, stride, true);
    }

    /** Mean over each {@code kernel x kernel} window. */
    public static Tensor avgPool2d(Tensor x, int kernel, int stride) {
        return pool(x, kernel, stride, false);
    }

    private static Tensor pool(Tensor x, int kernel, int stride, boolean max) {
        requireRank(x, 4, max ? "maxPool2d input" : "avgPool2d input");
        if (kernel < 1 || stride < 1) {
            throw new IllegalArgumentException("pooling needs kernel and stride >= 1, got " + kernel + " and "
                    + stride);
        }
        int planes = (int) (x.size(0) * x.size(1));
        int h = (int) x.size(2);
        int w = (int) x.size(3);
        int ho = (h - kernel) / stride + 1;
        int wo = (w - kernel) / stride + 1;
        if (ho < 1 || wo < 1) {
            throw new IllegalArgumentException("a " + kernel + "x" + kernel + " window does not fit a " + h + "x" + w
                    + " image");
        }
        if (x.dtype() == DataType.FLOAT && Buffers.onCpuBackend() && x.data().length() < Integer.MAX_VALUE) {
            return max && kernel == 2 && stride == 2 ? maxPool2x2Floats(x, planes, h, w, ho, wo)
                    : poolFloats(x, kernel, stride, max, planes, h, w, ho, wo);
        }
        double[] in = Buffers.doubles(x.data());
        double[] out = new double[planes * ho * wo];
        int[] argmax = max ? new int[out.length] : null;
        double area = (double) kernel * kernel;
        Parallel.forBlocks(planes, Concurrency.level(), (from, to) -> {
            for (int p = from; p < to; p++) {
                for (int r = 0; r < ho; r++) {
                    for (int q = 0; q < wo; q++) {
                        int o = (p * ho + r) * wo + q;
                        double best = Double.NEGATIVE_INFINITY;
                        double sum = 0;
                        for (int a = 0; a < kernel; a++) {
                            int row = (p * h + r * stride + a) * w + q * stride;
                            for (int e = 0; e < kernel; e++) {
                                double v = in[row + e];
                                if (max && v > best) {
                                    best = v;
                                    argmax[o] = row + e;
                                }
                                sum += v;
                            }
                        }
                        out[o] = max ? best : sum / area;
                    }
                }
            }
        });
        long[] shape = {x.size(0), x.size(1), ho, wo};
        INDArray result = Buffers.of(out, shape).castTo(x.dtype());
        return Tensor.result(result, g -> {
            double[] grad = Buffers.doubles(g);
            double[] back = new double[in.length];
            Parallel.forBlocks(planes, Concurrency.level(), (from, to) -> {
                for (int p = from; p < to; p++) {
                    for (int o = p * ho * wo; o < (p + 1) * ho * wo; o++) {
                        if (max) {
                            back[argmax[o]] += grad[o];
                            continue;
                        }
                        int r = (o / wo) % ho;
                        int q = o % wo;
                        for (int a = 0; a < kernel; a++) {
                            int row = (p * h + r * stride + a) * w + q * stride;
                            for (int e = 0; e < kernel; e++) {
                                back[row + e] += grad[o] / area;
                            }
                        }
                    }
                }
            });
            x.accumulateOwned(Buffers.of(back, x.shape()).castTo(x.dtype()));
        }, x);
    }

    /**
     * {@link #pool} on float signals, plane by plane: each plane is copied from the off-heap array into a small heap
     * buffer and its result back, so nothing of the signal's size is made on the heap (window sums in double).
     */
    private static Tensor poolFloats(Tensor x, int kernel, int stride, boolean max, int planes, int h, int w, int ho,
            int wo) {
        FloatBuffer in = Buffers.contiguous(x.data()).data().asNioFloat();
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, x.size(0), x.size(1), ho, wo);
        FloatBuffer result = out.data().asNioFloat();
        int[] argmax = max ? new int[planes * ho * wo] : null; // within the plane
        double area = (double) kernel * kernel;
        Parallel.forBlocks(planes, Concurrency.level(), (from, to) -> {
            float[] plane = new float[h * w];
            float[] pooled = new float[ho * wo];
            for (int p = from; p < to; p++) {
                in.get(p * h * w, plane);
                for (int r = 0; r < ho; r++) {
                    for (int q = 0; q < wo; q++) {
                        int o = r * wo + q;
                        float best = Float.NEGATIVE_INFINITY;
                        int at = -1;
                        double sum = 0;
                        for (int a = 0; a < kernel; a++) {
                            int row = (r * stride + a) * w + q * stride;
                            if (max) {
                                for (int e = 0; e < kernel; e++) {
                                    // selects, not branches: which element wins is unpredictable
                                    float v = plane[row + e];
                                    boolean wins = v > best || at < 0;
                                    at = wins ? row + e : at;
                                    best = wins ? v : best;
                                }
                            } else {
                                for (int e = 0; e < kernel; e++) {
                                    sum += plane[row + e];
                                }
                            }
                        }
                        if (max) {
                            pooled[o] = best;
                            argmax[p * ho * wo + o] = at;
                        } else {
                            pooled[o] = (float) (sum / area);
                        }
                    }
                }
                result.put(p * ho * wo, pooled);
            }
        });
        return Tensor.result(out, g -> {
            FloatBuffer grad = Buffers.contiguous(g).data().asNioFloat();
            INDArray back = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
            FloatBuffer backBuffer = back.data().asNioFloat();
            float share = (float) (1 / area);
            Parallel.forBlocks(planes, Concurrency.level(), (from, to) -> {
                float[] plane = new float[h * w];
                float[] pooled = new float[ho * wo];
                for (int p = from; p < to; p++) {
                    grad.get(p * ho * wo, pooled);
                    Arrays.fill(plane, 0);
                    for (int o = 0; o < ho * wo; o++) {
                        if (max) {
                            plane[argmax[p * ho * wo + o]] += pooled[o];
                            continue;
                        }
                        int r = o / wo;
                        int q = o % wo;
                        for (int a = 0; a < kernel; a++) {
                            int row = (r * stride + a) * w + q * stride;
                            for (int e = 0; e < kernel; e++) {
                                plane[row + e] += pooled[o] * share;
                            }
                        }
                    }
                    backBuffer.put(p * h * w, plane);
                }
            });
            x.accumulateOwned(back);
        }, x);
    }

    /**
     * {@link #poolFloats} for the common 2x2, stride-2 max-pool: the backward pass finds each window's maximum again
     * from the input instead of keeping an index per output (a fresh array of the output's size each step).
     */
    private static Tensor maxPool2x2Floats(Tensor x, int planes, int h, int w, int ho, int wo) {
        FloatBuffer in = Buffers.contiguous(x.data()).data().asNioFloat();
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, x.size(0), x.size(1), ho, wo);
        FloatBuffer result = out.data().asNioFloat();
        Parallel.forBlocks(planes, Concurrency.level(), (from, to) -> {
            float[] plane = new float[h * w];
            float[] pooled = new float[ho * wo];
            int[] winners = new int[ho * wo];
            for (int p = from; p < to; p++) {
                in.get(p * h * w, plane);
                maxPool2x2(plane, w, ho, wo, winners);
                for (int o = 0; o < winners.length; o++) {
                    pooled[o] = plane[winners[o]];
                }
                result.put(p * ho * wo, pooled);
            }
        });
        return Tensor.result(out, g -> {
            FloatBuffer grad = Buffers.contiguous(g).data().asNioFloat();
            INDArray back = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
            FloatBuffer backBuffer = back.data().asNioFloat();
            Parallel.forBlocks(planes, Concurrency.level(), (from, to) -> {
                float[] plane = new float[h * w];
                float[] pooled = new float[ho * wo];
                int[] winners = new int[ho * wo];
                for (int p = from; p < to; p++) {
                    in.get(p * h * w, plane);
                    maxPool2x2(plane, w, ho, wo, winners);
                    grad.get(p * ho * wo, pooled);
                    Arrays.fill(plane, 0);
                    for (int o = 0; o < winners.length; o++) {
                        plane[winners[o]] = pooled[o]; // windows do not overlap
                    }
                    backBuffer.put(p * h * w, plane);
                }
            });
            x.accumulateOwned(back);
        }, x);
    }

    /**
     * Where each 2x2 window of one plane {@code w} wide has its maximum, as the general loop finds it (the first
     * maximum in row-major order; of two zeros, +0 counts as the larger), without a branch. Which element wins is
     * unpredictable, and C2 compiled the general loop's float comparisons to branches: 16 ns a window on P4CNN's
     * pool, against 7 here with the comparisons done on integers.
     */
    private static void maxPool2x2(float[] plane, int w, int ho, int wo, int[] winners) {
        for (int r = 0; r < ho; r++) {
            for (int q = 0; q < wo; q++) {
                int i = 2 * r * w + 2 * q;
                int k = order(plane[i]);
                int arg = i;
                arg = later(k, order(plane[i + 1]), arg, i + 1);
                k = Math.max(k, order(plane[i + 1]));
                arg = later(k, order(plane[i + w]), arg, i + w);
                k = Math.max(k, order(plane[i + w]));
                arg = later(k, order(plane[i + w + 1]), arg, i + w + 1);
                winners[r * wo + q] = arg;
            }
        }
    }

    /** An int that orders as the float does (-0 below +0; NaN above or below everything, by its sign). */
    private static int order(float f) {
        int bits = Float.floatToRawIntBits(f);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }

    /** {@code candidate} when {@code key > best}, else {@code current}: arithmetic, not a branch. */
    private static int later(int best, int key, int current, int candidate) {
        int wins = (int) (((long) best - key) >>> 63);
        return current ^ ((current ^ candidate) & -wins);
    }

    /** Rows [B * Ho * Wo, O], one per output position, as a grid signal [B, O, Ho, Wo]. */
    static Tensor channelsFirst(Tensor rows, int batch, int ho, int wo) {
        int o = (int) rows.size(1);
        INDArray out = rows.data().reshape('c', batch, (long) ho * wo, o).permute(0, 2, 1).dup('c')
                .reshape('c', batch, o, ho, wo);
        return Tensor.result(out, g -> rows.accumulateOwned(g.reshape('c', batch, o, (long) ho * wo)
                .permute(0, 2, 1).dup('c').reshape('c', (long) batch * ho * wo, o)), rows);
    }

    private static void requireRank(Tensor t, int rank, String what) {
        if (t.rank() != rank) {
            throw new IllegalArgumentException(what + " must have rank " + rank + ", got shape "
                    + Arrays.toString(t.shape()));
        }
    }

    /** Where each patch entry of an image comes from. */
    private record Geometry(int c, int h, int w, int kh, int kw, int ho, int wo, Spec spec) {
        /**
         * For each entry of one image's patch rows (position by position, then channel, kernel row and column), the
         * pixel it reads within the image, or -1 where the kernel reaches into the padding: the same for every
         * image, so it is computed once.
         */
        int[] sources() {
            int s = spec.stride();
            int p = spec.padding();
            int d = spec.dilation();
            int[] source = new int[ho * wo * c * kh * kw];
            int k = 0;
            for (int r = 0; r < ho; r++) {
                for (int q = 0; q < wo; q++) {
                    for (int ch = 0; ch < c; ch++) {
                        for (int a = 0; a < kh; a++) {
                            int y = r * s - p + a * d;
                            for (int e = 0; e < kw; e++) {
                                int xx = q * s - p + e * d;
                                boolean inside = y >= 0 && y < h && xx >= 0 && xx < w;
                                source[k++] = inside ? (ch * h + y) * w + xx : -1;
                            }
                        }
                    }
                }
            }
            return source;
        }
    }
}
