package org.erlangen.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BiasKernels}' float loops on the incubating Vector API: the ReLU's compare and select keep the JIT from
 * vectorising the plain loops, which then cost as much as the products they follow. Only loaded when the
 * {@code jdk.incubator.vector} module is present.
 */
final class VectorBiasKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private VectorBiasKernels() {
    }

    /** {@code chunk[i] += bias[i % width]}, then ReLU when asked, over {@code n} values (whole rows). */
    static void addBias(float[] chunk, int n, float[] bias, int width, boolean relu) {
        int lanes = SPECIES.length();
        int vectorEnd = width - width % lanes;
        for (int i = 0; i < n; i += width) {
            for (int j = 0; j < vectorEnd; j += lanes) {
                FloatVector v = FloatVector.fromArray(SPECIES, chunk, i + j).add(FloatVector.fromArray(SPECIES, bias, j));
                (relu ? v.max(0f) : v).intoArray(chunk, i + j);
            }
            for (int j = vectorEnd; j < width; j++) {
                float v = chunk[i + j] + bias[j];
                chunk[i + j] = relu ? Math.max(v, 0f) : v;
            }
        }
    }

    /** {@code chunk[i] = 0} where {@code out[i] <= 0} when {@code relu}; adds each column to {@code sum}. */
    static void maskAndSum(float[] chunk, float[] out, int n, int width, boolean relu, float[] sum) {
        int lanes = SPECIES.length();
        int vectorEnd = width - width % lanes;
        for (int i = 0; i < n; i += width) {
            for (int j = 0; j < vectorEnd; j += lanes) {
                FloatVector g = FloatVector.fromArray(SPECIES, chunk, i + j);
                if (relu) {
                    VectorMask<Float> off = FloatVector.fromArray(SPECIES, out, i + j).compare(VectorOperators.LE, 0f);
                    g = g.blend(0f, off);
                    g.intoArray(chunk, i + j);
                }
                g.add(FloatVector.fromArray(SPECIES, sum, j)).intoArray(sum, j);
            }
            for (int j = vectorEnd; j < width; j++) {
                float v = relu && !(out[i + j] > 0) ? 0f : chunk[i + j];
                chunk[i + j] = v;
                sum[j] += v;
            }
        }
    }
}
