package org.erlangen.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PlaneRunKernels}' loops a vector at a time: C2 does not vectorise the plain loops' sums (their order is
 * fixed) nor the ReLU's compare and select. Each returns where the plain loop takes over. Only loaded when the
 * {@code jdk.incubator.vector} module is present.
 */
final class PlaneRunVectorKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private PlaneRunVectorKernels() {
    }

    static int sums(float[] run, int n, float pivot, double[] sums) {
        int end = SPECIES.loopBound(n);
        FloatVector sum = FloatVector.zero(SPECIES);
        FloatVector squares = FloatVector.zero(SPECIES);
        for (int i = 0; i < end; i += SPECIES.length()) {
            FloatVector d = FloatVector.fromArray(SPECIES, run, i).sub(pivot);
            sum = sum.add(d);
            squares = squares.add(d.mul(d));
        }
        sums[0] += sum.reduceLanes(VectorOperators.ADD);
        sums[1] += squares.reduceLanes(VectorOperators.ADD);
        return end;
    }

    static int affine(float[] run, int n, float a, float b, boolean relu) {
        int end = SPECIES.loopBound(n);
        for (int i = 0; i < end; i += SPECIES.length()) {
            FloatVector y = FloatVector.fromArray(SPECIES, run, i).mul(a).add(b);
            (relu ? y.max(0f) : y).intoArray(run, i);
        }
        return end;
    }

    static int gradientSums(float[] xs, float[] gs, int n, float m, boolean relu, float a, float b, double[] sums) {
        int end = SPECIES.loopBound(n);
        FloatVector sumG = FloatVector.zero(SPECIES);
        FloatVector sumGx = FloatVector.zero(SPECIES);
        for (int i = 0; i < end; i += SPECIES.length()) {
            FloatVector x = FloatVector.fromArray(SPECIES, xs, i);
            FloatVector g = FloatVector.fromArray(SPECIES, gs, i);
            if (relu) {
                g = g.blend(0f, x.mul(a).add(b).compare(VectorOperators.GT, 0f).not());
            }
            sumG = sumG.add(g);
            sumGx = sumGx.add(g.mul(x.sub(m)));
        }
        sums[0] += sumG.reduceLanes(VectorOperators.ADD);
        sums[1] += sumGx.reduceLanes(VectorOperators.ADD);
        return end;
    }

    static int inputGradient(float[] xs, float[] gs, int n, float k, float c, float d, boolean relu, float a,
            float b) {
        int end = SPECIES.loopBound(n);
        for (int i = 0; i < end; i += SPECIES.length()) {
            FloatVector x = FloatVector.fromArray(SPECIES, xs, i);
            FloatVector g = FloatVector.fromArray(SPECIES, gs, i);
            if (relu) {
                g = g.blend(0f, x.mul(a).add(b).compare(VectorOperators.GT, 0f).not());
            }
            g.sub(c).sub(x.mul(d)).mul(k).intoArray(gs, i);
        }
        return end;
    }
}
