package org.erlangen.kernels;

import java.util.SplittableRandom;

/**
 * Dropout's coin flips from their index: the k-th draw (from 1) of {@code new SplittableRandom(seed)} is
 * {@code mix64(seed + k * GAMMA)}, so a run of draws needs no sequential generator and the Vector API computes eight
 * at a time, the same values bit for bit. An element is kept when its 53-bit uniform {@code draw >>> 11} is at least
 * the threshold; a kept element is scaled by {@code keep}, a dropped one multiplied by 0 (as the plain loop did, so
 * -0 and NaN come out alike).
 */
public final class DropoutKernels {
    /** {@link SplittableRandom}'s increment for a generator made from a seed alone. */
    static final long GAMMA = 0x9e3779b97f4a7c15L;

    private DropoutKernels() {
    }

    /**
     * {@code values[i] *= factor(i)} for i in [from, to), draw {@code i - from + 1} of
     * {@code new SplittableRandom(seed)} deciding element i.
     */
    public static void dropped(float[] values, int from, int to, long seed, long threshold, float keep) {
        int done = from;
        if (Vectorization.enabled()) {
            done = DropoutVectorKernels.dropped(values, from, to, seed, threshold, keep);
        }
        for (int i = done; i < to; i++) {
            values[i] = values[i] * (keep * (float) kept(seed, i - from + 1, threshold));
        }
    }

    /**
     * {@code mask[i] = keep} or 0 for i in [from, to), draw {@code i - from + 1} of {@code new SplittableRandom(seed)}
     * deciding element i, as in {@link #dropped}.
     */
    public static void mask(float[] mask, int from, int to, long seed, long threshold, float keep) {
        int done = from;
        if (Vectorization.enabled()) {
            done = DropoutVectorKernels.mask(mask, from, to, seed, threshold, keep);
        }
        for (int i = done; i < to; i++) {
            mask[i] = keep * (float) kept(seed, i - from + 1, threshold);
        }
    }

    /** 1 when draw {@code k} of {@code new SplittableRandom(seed)} keeps its element, else 0. */
    static long kept(long seed, long k, long threshold) {
        return (threshold - 1 - (mix64(seed + k * GAMMA) >>> 11)) >>> 63;
    }

    /** {@link SplittableRandom}'s output function. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
