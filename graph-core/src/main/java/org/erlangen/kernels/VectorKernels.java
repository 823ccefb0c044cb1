package org.erlangen.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float sparse kernels on the JDK's incubating Vector API, which the JIT does not otherwise produce for these
 * loops (4.5-5x faster here). Only loaded when the {@code jdk.incubator.vector} module is present.
 */
final class VectorKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private VectorKernels() {
    }

    static void rowSum(int[] ptr, int[] cols, float[] w, int[] wIndex, float[] x, int width, float[] out, int from,
            int to) {
        int lanes = SPECIES.length();
        int vectorEnd = width - width % lanes;
        int quadEnd = vectorEnd - vectorEnd % (4 * lanes);
        for (int r = from; r < to; r++) {
            int o = r * width;
            int start = ptr[r];
            int end = ptr[r + 1];
            // four register accumulators at a time, so each source row is read in one visit of four adjacent chunks:
            // the rows lie at random, and one pass per chunk waited on memory once per chunk instead of once per row
            for (int j = 0; j < quadEnd; j += 4 * lanes) {
                FloatVector a0 = FloatVector.zero(SPECIES);
                FloatVector a1 = a0;
                FloatVector a2 = a0;
                FloatVector a3 = a0;
                for (int k = start; k < end; k++) {
                    int src = (cols == null ? k : cols[k]) * width + j;
                    var wk = FloatVector.broadcast(SPECIES, w == null ? 1f : w[wIndex == null ? k : wIndex[k]]);
                    a0 = FloatVector.fromArray(SPECIES, x, src).fma(wk, a0);
                    a1 = FloatVector.fromArray(SPECIES, x, src + lanes).fma(wk, a1);
                    a2 = FloatVector.fromArray(SPECIES, x, src + 2 * lanes).fma(wk, a2);
                    a3 = FloatVector.fromArray(SPECIES, x, src + 3 * lanes).fma(wk, a3);
                }
                a0.intoArray(out, o + j);
                a1.intoArray(out, o + j + lanes);
                a2.intoArray(out, o + j + 2 * lanes);
                a3.intoArray(out, o + j + 3 * lanes);
            }
            for (int j = quadEnd; j < vectorEnd; j += lanes) {
                FloatVector acc = FloatVector.zero(SPECIES);
                for (int k = start; k < end; k++) {
                    int src = (cols == null ? k : cols[k]) * width + j;
                    float wk = w == null ? 1f : w[wIndex == null ? k : wIndex[k]];
                    acc = FloatVector.fromArray(SPECIES, x, src).fma(FloatVector.broadcast(SPECIES, wk), acc);
                }
                acc.intoArray(out, o + j);
            }
            for (int j = vectorEnd; j < width; j++) {
                float s = 0f;
                for (int k = start; k < end; k++) {
                    int src = (cols == null ? k : cols[k]) * width + j;
                    float wk = w == null ? 1f : w[wIndex == null ? k : wIndex[k]];
                    s += wk * x[src];
                }
                out[o + j] = s;
            }
        }
    }

    static void entryDot(int[] ptr, int[] cols, float[] a, float[] b, int width, float[] out, int from, int to) {
        int lanes = SPECIES.length();
        int vectorEnd = width - width % lanes;
        for (int r = from; r < to; r++) {
            int ar = r * width;
            for (int k = ptr[r]; k < ptr[r + 1]; k++) {
                int bc = cols[k] * width;
                FloatVector acc = FloatVector.zero(SPECIES);
                for (int j = 0; j < vectorEnd; j += lanes) {
                    acc = FloatVector.fromArray(SPECIES, a, ar + j).fma(FloatVector.fromArray(SPECIES, b, bc + j), acc);
                }
                float s = acc.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
                for (int j = vectorEnd; j < width; j++) {
                    s += a[ar + j] * b[bc + j];
                }
                out[k] = s;
            }
        }
    }

    /** Sums of the columns of a row-major {@code rows x width} matrix into {@code out} (zeros on entry). */
    static void columnSums(float[] x, int rows, int width, float[] out) {
        int lanes = SPECIES.length();
        int vectorEnd = width - width % lanes;
        // one sweep in memory order; the running sums stay in the first-level cache
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            for (int j = 0; j < vectorEnd; j += lanes) {
                FloatVector.fromArray(SPECIES, out, j).add(FloatVector.fromArray(SPECIES, x, o + j)).intoArray(out, j);
            }
            for (int j = vectorEnd; j < width; j++) {
                out[j] += x[o + j];
            }
        }
    }
}
