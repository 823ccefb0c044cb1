package org.erlangen.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DropoutKernels} eight elements at a time: eight 64-bit draws in one 512-bit vector, their keep factors
 * converted to eight floats. Only where the processor has 512-bit vectors: with fewer bits the 64-bit products are not
 * single instructions, and the plain loop is as fast. Each returns where the plain loop takes over.
 */
final class DropoutVectorKernels {
    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_512;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_256;
    private static final boolean WIDE = LongVector.SPECIES_PREFERRED.vectorBitSize() >= 512;
    private static final int LANES = 8;
    private static final long[] STEPS = new long[LANES];

    static {
        for (int k = 0; k < LANES; k++) {
            STEPS[k] = (k + 1) * DropoutKernels.GAMMA;
        }
    }

    private DropoutVectorKernels() {
    }

    static int dropped(float[] values, int from, int to, long seed, long threshold, float keep) {
        if (!WIDE) {
            return from;
        }
        LongVector steps = LongVector.fromArray(LONGS, STEPS, 0);
        int i = from;
        for (; i + LANES <= to; i += LANES) {
            FloatVector factor = factors(steps, seed + (i - from) * DropoutKernels.GAMMA, threshold, keep);
            FloatVector.fromArray(FLOATS, values, i).mul(factor).intoArray(values, i);
        }
        return i;
    }

    static int mask(float[] mask, int from, int to, long seed, long threshold, float keep) {
        if (!WIDE) {
            return from;
        }
        LongVector steps = LongVector.fromArray(LONGS, STEPS, 0);
        int i = from;
        for (; i + LANES <= to; i += LANES) {
            factors(steps, seed + (i - from) * DropoutKernels.GAMMA, threshold, keep).intoArray(mask, i);
        }
        return i;
    }

    /** {@code keep} or 0 for the eight draws {@code mix64(base + STEPS[k])}. */
    private static FloatVector factors(LongVector steps, long base, long threshold, float keep) {
        LongVector z = steps.add(base);
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(0xbf58476d1ce4e5b9L);
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(0x94d049bb133111ebL);
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
        LongVector kept = LongVector.broadcast(LONGS, threshold - 1).sub(z.lanewise(VectorOperators.LSHR, 11))
                .lanewise(VectorOperators.LSHR, 63);
        return ((FloatVector) kept.convertShape(VectorOperators.L2F, FLOATS, 0)).mul(keep);
    }
}
