package org.erlangen.nn;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.erlangen.kernels.Buffers;
import org.erlangen.kernels.DropoutKernels;
import org.erlangen.kernels.Parallel;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inverted dropout: in training each element is zeroed with probability {@code p} and the survivors are scaled by
 * {@code 1/(1-p)}, so evaluation is the identity. The mask is drawn on the Java side from the given generator, one
 * draw per element in row-major order, so the same seed gives the same masks whatever ND4J's own RNG does.
 */
public final class Dropout extends Module implements Layer {
    private static final int CHUNK = 1 << 16;
    private final double p;
    private final RandomGenerator rng;

    public Dropout(double p, long seed) {
        this(p, new SplittableRandom(seed));
    }

    /** A dropout layer drawing its masks from {@code rng} (which it does not copy). */
    public Dropout(double p, RandomGenerator rng) {
        this.p = checkP(p);
        this.rng = rng;
    }

    @Override
    public Tensor forward(Tensor x) {
        return apply(x, p, isTraining(), rng);
    }

    public double p() {
        return p;
    }

    /** Dropout of {@code x}; the identity when not training or when {@code p} is 0. */
    public static Tensor apply(Tensor x, double p, boolean training, RandomGenerator rng) {
        checkP(p);
        if (!training || p == 0.0) {
            return x;
        }
        if (!x.requiresGrad() && x.dtype() == DataType.FLOAT && Buffers.onCpuBackend()) {
            return Tensor.constant(dropped(x.data(), p, rng));
        }
        return applyMask(x, mask(x.shape(), x.dtype(), p, rng));
    }

    /**
     * {@code x} times the mask {@link #mask} would draw, in one pass over its values and without the mask as an
     * array: what a constant input (a batch's features) needs, since no gradient reads the mask again. The same
     * values, bit for bit.
     */
    private static INDArray dropped(INDArray x, double p, RandomGenerator rng) {
        int size = Math.toIntExact(x.length());
        long[] seeds = chunkSeeds(size, rng);
        int chunks = seeds.length;
        float keep = keepFactor(p);
        long threshold = threshold(p);
        INDArray in = Buffers.contiguous(x);
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
        if (size == 0) {
            return out;
        }
        // a chunk at a time through a heap array: bulk copies in and out, the draws in between
        Parallel.forRows(chunks, null, CHUNK, (from, to) -> {
            float[] chunk = new float[CHUNK];
            for (int c = from; c < to; c++) {
                long first = (long) c * CHUNK;
                int count = (int) Math.min(CHUNK, size - first);
                Buffers.nativeFloats(in, first, count).get(chunk, 0, count);
                DropoutKernels.dropped(chunk, 0, count, seeds[c], threshold, keep);
                Buffers.nativeFloats(out, first, count).put(chunk, 0, count);
            }
        });
        return out;
    }

    /**
     * Dropout of the first {@code size} values of a heap array, in place: the values {@link #apply} gives for a
     * constant of them, bit for bit, drawing the same one value from {@code rng}; nothing is drawn or changed when not
     * training or when {@code p} is 0. For a batch's feature rows, which the caller owns and copies off the heap after.
     */
    public static void applyInPlace(float[] values, int size, double p, boolean training, RandomGenerator rng) {
        checkP(p);
        if (size < 0 || size > values.length) {
            throw new IllegalArgumentException("dropout of " + size + " values of an array of " + values.length);
        }
        if (!training || p == 0.0) {
            return;
        }
        long[] seeds = chunkSeeds(size, rng);
        int chunks = seeds.length;
        float keep = keepFactor(p);
        long threshold = threshold(p);
        Parallel.forRows(chunks, null, CHUNK, (from, to) -> {
            for (int c = from; c < to; c++) {
                int first = c * CHUNK;
                DropoutKernels.dropped(values, first, Math.min(size, first + CHUNK), seeds[c], threshold, keep);
            }
        });
    }

    /**
     * One draw from the caller's generator seeds fixed-size chunks of the values: the mask depends on the seed only,
     * not on how many threads fill the chunks.
     */
    private static long[] chunkSeeds(int size, RandomGenerator rng) {
        return new SplittableRandom(rng.nextLong()).longs((size + CHUNK - 1) / CHUNK).toArray();
    }

    private static float keepFactor(double p) {
        return p >= 1.0 ? 0f : (float) (1.0 / (1.0 - p));
    }

    /** An element is kept when its 53-bit uniform draw is at least this. */
    private static long threshold(double p) {
        return (long) Math.ceil(p * (1L << 53));
    }

    /**
     * The mask {@link #apply} would use: each element 0 with probability {@code p}, else {@code 1/(1-p)} (all zeros
     * when p is 1).
     */
    public static INDArray mask(long[] shape, DataType dtype, double p, RandomGenerator rng) {
        checkP(p);
        long n = 1;
        for (long s : shape) {
            n = Math.multiplyExact(n, s);
        }
        // One draw from the caller's generator seeds fixed-size chunks, filled in parallel: the mask depends on the
        // seed only, not on the thread count, and 4M draws take milliseconds instead of 80 ms through Random.
        int size = Math.toIntExact(n);
        long[] seeds = chunkSeeds(size, rng);
        int chunks = seeds.length;
        double keep = p >= 1.0 ? 0.0 : 1.0 / (1.0 - p);
        // an element is kept when its 53-bit uniform draw is at least p * 2^53; decided without a branch, since a
        // coin-flip branch mispredicts half the time (43 ms for 4M elements, against 6 ms)
        long threshold = threshold(p);
        if (dtype == DataType.DOUBLE) {
            double[] m = new double[size];
            Parallel.forRows(chunks, null, CHUNK, (from, to) -> {
                for (int c = from; c < to; c++) {
                    var random = new SplittableRandom(seeds[c]);
                    for (int i = c * CHUNK, end = Math.min(size, i + CHUNK); i < end; i++) {
                        m[i] = keep * ((threshold - 1 - (random.nextLong() >>> 11)) >>> 63);
                    }
                }
            });
            return Buffers.of(m, shape);
        }
        float keepF = (float) keep;
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape);
        if (size > 0) {
            // a chunk at a time through a small heap array straight into the result: a heap copy of a whole
            // [3000, 4096] mask took half a second to fill on fresh memory, between two termination checks
            Parallel.forRows(chunks, null, CHUNK, (from, to) -> {
                float[] chunk = new float[CHUNK];
                for (int c = from; c < to; c++) {
                    long first = (long) c * CHUNK;
                    int count = (int) Math.min(CHUNK, size - first);
                    DropoutKernels.mask(chunk, 0, count, seeds[c], threshold, keepF);
                    Buffers.nativeFloats(out, first, count).put(chunk, 0, count);
                }
            });
        }
        return dtype == DataType.FLOAT ? out : out.castTo(dtype);
    }

    /** {@code x * mask} elementwise; the gradient is multiplied by the same mask. */
    public static Tensor applyMask(Tensor x, INDArray mask) {
        if (!Arrays.equals(x.shape(), mask.shape())) {
            throw new IllegalArgumentException("dropout mask shape " + Arrays.toString(mask.shape())
                    + " does not match input shape " + Arrays.toString(x.shape()));
        }
        return Tensor.result(x.data().mul(mask), g -> x.accumulateOwned(g.mul(mask)), x);
    }

    private static double checkP(double p) {
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1], got " + p);
        }
        return p;
    }
}
