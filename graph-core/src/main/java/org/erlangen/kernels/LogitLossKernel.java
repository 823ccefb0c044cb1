package org.erlangen.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Binary cross-entropy of float logits that share one label, on Java arrays with the Vector API (its exponential
 * and logarithm run a dozen times faster than {@link Math}'s, one value at a time); only loaded when the
 * {@code jdk.incubator.vector} module is present ({@link Vectorization#enabled()}).
 */
public final class LogitLossKernel {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private LogitLossKernel() {
    }

    /**
     * For logits {@code z = x[i] + shift}, {@code from <= i < to}, labelled {@code label} (1 or 0): puts the sum of
     * their terms ({@code softplus(-z)} for label 1, {@code softplus(z)} for 0) in {@code sums[0]}, replaces each
     * {@code x[i]} by its gradient {@code sigmoid(z) - label}, and puts the sum of those in {@code sums[1]}.
     */
    public static void terms(float[] x, int from, int to, float shift, float label, double[] sums) {
        float sign = label == 1 ? -1f : 1f;
        double loss = 0;
        double slope = 0;
        int i = from;
        int bound = from + SPECIES.loopBound(to - from);
        for (; i < bound; i += SPECIES.length()) {
            FloatVector z = FloatVector.fromArray(SPECIES, x, i).add(shift);
            FloatVector e = z.abs().neg().lanewise(VectorOperators.EXP);
            FloatVector term = z.mul(sign).max(0f).add(e.lanewise(VectorOperators.LOG1P));
            VectorMask<Float> negative = z.compare(VectorOperators.LT, 0f);
            FloatVector gradient = FloatVector.broadcast(SPECIES, 1f).blend(e, negative).div(e.add(1f)).sub(label);
            gradient.intoArray(x, i);
            loss += term.reduceLanes(VectorOperators.ADD);
            slope += gradient.reduceLanes(VectorOperators.ADD);
        }
        for (; i < to; i++) {
            float z = x[i] + shift;
            float e = (float) Math.exp(-Math.abs(z));
            loss += Math.max(sign * z, 0f) + (float) Math.log1p(e);
            x[i] = (z < 0 ? e : 1f) / (1f + e) - label;
            slope += x[i];
        }
        sums[0] = loss;
        sums[1] = slope;
    }
}
