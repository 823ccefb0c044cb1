package org.erlangen.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FilterKernels}' float loops with the Vector API over the features; only loaded when the
 * {@code jdk.incubator.vector} module is present. The scalar tail handles widths that are not a multiple of the
 * vector length.
 */
final class FilterVectorKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private FilterVectorKernels() {
    }

    static void forward(int[] ptr, int[] senders, int[] pairOf, float[] x, float[] w, float[] c, float[] out, int f) {
        int bound = SPECIES.loopBound(f);
        for (int r = 0; r + 1 < ptr.length; r++) {
            int o = r * f;
            for (int k = ptr[r]; k < ptr[r + 1]; k++) {
                int s = senders[k] * f;
                int wk = pairOf[k] * f;
                float ck = c[pairOf[k]];
                int j = 0;
                for (; j < bound; j += SPECIES.length()) {
                    FloatVector acc = FloatVector.fromArray(SPECIES, out, o + j);
                    FloatVector m = FloatVector.fromArray(SPECIES, w, wk + j).mul(ck);
                    m.fma(FloatVector.fromArray(SPECIES, x, s + j), acc).intoArray(out, o + j);
                }
                for (; j < f; j++) {
                    out[o + j] += ck * w[wk + j] * x[s + j];
                }
            }
        }
    }

    static void backward(int[] ptr, int[] senders, int[] pairOf, float[] x, float[] w, float[] c, float[] g, float[] dx,
            float[] dw, float[] dc, int f) {
        int bound = SPECIES.loopBound(f);
        for (int r = 0; r + 1 < ptr.length; r++) {
            int o = r * f;
            for (int k = ptr[r]; k < ptr[r + 1]; k++) {
                int s = senders[k] * f;
                int wk = pairOf[k] * f;
                float ck = c[pairOf[k]];
                FloatVector dot = FloatVector.zero(SPECIES);
                int j = 0;
                for (; j < bound; j += SPECIES.length()) {
                    FloatVector gv = FloatVector.fromArray(SPECIES, g, o + j);
                    FloatVector xv = FloatVector.fromArray(SPECIES, x, s + j);
                    FloatVector gw = gv.mul(FloatVector.fromArray(SPECIES, w, wk + j));
                    if (dx != null) {
                        gw.mul(ck).add(FloatVector.fromArray(SPECIES, dx, s + j)).intoArray(dx, s + j);
                    }
                    if (dw != null) {
                        gv.mul(xv).mul(ck).add(FloatVector.fromArray(SPECIES, dw, wk + j)).intoArray(dw, wk + j);
                    }
                    dot = gw.fma(xv, dot);
                }
                float tail = 0;
                for (; j < f; j++) {
                    float gw = g[o + j] * w[wk + j];
                    if (dx != null) {
                        dx[s + j] += ck * gw;
                    }
                    if (dw != null) {
                        dw[wk + j] += ck * g[o + j] * x[s + j];
                    }
                    tail += gw * x[s + j];
                }
                if (dc != null) {
                    dc[pairOf[k]] += dot.reduceLanes(VectorOperators.ADD) + tail;
                }
            }
        }
    }
}
