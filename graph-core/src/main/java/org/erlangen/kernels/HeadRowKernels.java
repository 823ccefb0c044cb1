package org.erlangen.kernels;

import java.util.Arrays;

/**
 * Plain-Java loops of the multi-head sparse products over a block of output rows {@code [from, to)}. Node arrays are
 * row-major {@code [rows, heads * channels]} with head {@code h} in columns {@code h*channels .. (h+1)*channels};
 * per-entry arrays are {@code [entries, heads]}.
 */
final class HeadRowKernels {
    private HeadRowKernels() {
    }

    /** {@code out[r, h, c] = sum over entries k of row r of w[k, h] x[cols[k], h, c]}. */
    static void weightedSum(int[] ptr, int[] cols, float[] w, int heads, int channels, float[] x, float[] out,
            int from, int to) {
        int width = heads * channels;
        for (int r = from; r < to; r++) {
            int o = r * width;
            Arrays.fill(out, o, o + width, 0f);
            for (int k = ptr[r]; k < ptr[r + 1]; k++) {
                int src = cols[k] * width;
                int wk = k * heads;
                for (int h = 0; h < heads; h++) {
                    float a = w[wk + h];
                    int base = h * channels;
                    for (int c = 0; c < channels; c++) {
                        out[o + base + c] += a * x[src + base + c];
                    }
                }
            }
        }
    }

    static void weightedSum(int[] ptr, int[] cols, double[] w, int heads, int channels, double[] x, double[] out,
            int from, int to) {
        int width = heads * channels;
        for (int r = from; r < to; r++) {
            int o = r * width;
            Arrays.fill(out, o, o + width, 0.0);
            for (int k = ptr[r]; k < ptr[r + 1]; k++) {
                int src = cols[k] * width;
                int wk = k * heads;
                for (int h = 0; h < heads; h++) {
                    double a = w[wk + h];
                    int base = h * channels;
                    for (int c = 0; c < channels; c++) {
                        out[o + base + c] += a * x[src + base + c];
                    }
                }
            }
        }
    }

    /** {@code out[k, h] = sum over c of a[row of k, h, c] b[cols[k], h, c]} for the entries of rows [from, to). */
    static void entryDot(int[] ptr, int[] cols, float[] a, float[] b, int heads, int channels, float[] out, int from,
            int to) {
        int width = heads * channels;
        for (int r = from; r < to; r++) {
            int ar = r * width;
            for (int k = ptr[r]; k < ptr[r + 1]; k++) {
                int bc = cols[k] * width;
                for (int h = 0; h < heads; h++) {
                    int base = h * channels;
                    float s = 0f;
                    for (int c = 0; c < channels; c++) {
                        s += a[ar + base + c] * b[bc + base + c];
                    }
                    out[k * heads + h] = s;
                }
            }
        }
    }

    static void entryDot(int[] ptr, int[] cols, double[] a, double[] b, int heads, int channels, double[] out,
            int from, int to) {
        int width = heads * channels;
        for (int r = from; r < to; r++) {
            int ar = r * width;
            for (int k = ptr[r]; k < ptr[r + 1]; k++) {
                int bc = cols[k] * width;
                for (int h = 0; h < heads; h++) {
                    int base = h * channels;
                    double s = 0.0;
                    for (int c = 0; c < channels; c++) {
                        s += a[ar + base + c] * b[bc + base + c];
                    }
                    out[k * heads + h] = s;
                }
            }
        }
    }
}
