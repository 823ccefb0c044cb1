package org.erlangen.kernels;

import java.util.Arrays;

/**
 * The plain-Java sparse kernels, each over a block of output rows {@code [from, to)} of row-major arrays with
 * {@code width} columns. A null {@code cols} means entry k refers to row k (contiguous segments); a null weight
 * array means weight 1; {@code wIndex}, when given, maps entry k to its weight (weights stored in another order).
 */
final class RowKernels {
    private RowKernels() {
    }

    static void rowSum(int[] ptr, int[] cols, float[] w, int[] wIndex, float[] x, int width, float[] out, int from,
            int to) {
        for (int r = from; r < to; r++) {
            int o = r * width;
            Arrays.fill(out, o, o + width, 0f);
            for (int k = ptr[r]; k < ptr[r + 1]; k++) {
                int src = (cols == null ? k : cols[k]) * width;
                float wk = w == null ? 1f : w[wIndex == null ? k : wIndex[k]];
                for (int j = 0; j < width; j++) {
                    out[o + j] += wk * x[src + j];
                }
            }
        }
    }

    static void rowSum(int[] ptr, int[] cols, double[] w, int[] wIndex, double[] x, int width, double[] out, int from,
            int to) {
        for (int r = from; r < to; r++) {
            int o = r * width;
            Arrays.fill(out, o, o + width, 0.0);
            for (int k = ptr[r]; k < ptr[r + 1]; k++) {
                int src = (cols == null ? k : cols[k]) * width;
                double wk = w == null ? 1.0 : w[wIndex == null ? k : wIndex[k]];
                for (int j = 0; j < width; j++) {
                    out[o + j] += wk * x[src + j];
                }
            }
        }
    }

    /** {@code out[k] = dot(a[row of k], b[cols[k]])} for the entries of rows {@code [from, to)}. */
    static void entryDot(int[] ptr, int[] cols, float[] a, float[] b, int width, float[] out, int from, int to) {
        for (int r = from; r < to; r++) {
            int ar = r * width;
            for (int k = ptr[r]; k < ptr[r + 1]; k++) {
                int bc = cols[k] * width;
                float s = 0f;
                for (int j = 0; j < width; j++) {
                    s += a[ar + j] * b[bc + j];
                }
                out[k] = s;
            }
        }
    }

    static void entryDot(int[] ptr, int[] cols, double[] a, double[] b, int width, double[] out, int from, int to) {
        for (int r = from; r < to; r++) {
            int ar = r * width;
            for (int k = ptr[r]; k < ptr[r + 1]; k++) {
                int bc = cols[k] * width;
                double s = 0.0;
                for (int j = 0; j < width; j++) {
                    s += a[ar + j] * b[bc + j];
                }
                out[k] = s;
            }
        }
    }
}
