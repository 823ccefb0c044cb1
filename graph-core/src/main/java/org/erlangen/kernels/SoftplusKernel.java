package org.erlangen.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused shifted softplus on Java arrays with the Vector API; only loaded when the {@code jdk.incubator.vector}
 * module is present ({@link Vectorization#enabled()}).
 */
public final class SoftplusKernel {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private SoftplusKernel() {
    }

    /**
     * {@code out = max(x, 0) + log1p(exp(-|x|)) - shift}, stable for any x, and when {@code sigmoid} is not null the
     * slope {@code 1 / (1 + e)} for {@code x >= 0}, {@code e / (1 + e)} below, with {@code e = exp(-|x|)}.
     */
    public static void shifted(float[] x, float[] out, float[] sigmoid, float shift) {
        int i = 0;
        int bound = SPECIES.loopBound(x.length);
        for (; i < bound; i += SPECIES.length()) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, i);
            FloatVector e = v.abs().neg().lanewise(VectorOperators.EXP);
            v.max(0f).add(e.lanewise(VectorOperators.LOG1P)).sub(shift).intoArray(out, i);
            if (sigmoid != null) {
                FloatVector onePlus = e.add(1f);
                VectorMask<Float> negative = v.compare(VectorOperators.LT, 0f);
                FloatVector numerator = FloatVector.broadcast(SPECIES, 1f).blend(e, negative);
                numerator.div(onePlus).intoArray(sigmoid, i);
            }
        }
        for (; i < x.length; i++) {
            float v = x[i];
            float e = (float) Math.exp(-Math.abs(v));
            out[i] = Math.max(v, 0f) + (float) Math.log1p(e) - shift;
            if (sigmoid != null) {
                sigmoid[i] = (v < 0 ? e : 1f) / (1f + e);
            }
        }
    }
}
