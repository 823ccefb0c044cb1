package org.erlangen.kernels;

/**
 * Plain-Java kernels over contiguous segments of rows: extremes with the winning row kept for backward, and the
 * per-segment softmax and its backward. Each runs over the segments {@code [from, to)}.
 */
final class SegmentKernels {
    private SegmentKernels() {
    }

    /** Max (or min) per segment and column; empty segments give 0 and arg -1. */
    static void extreme(int[] ptr, float[] x, int width, float[] out, int[] arg, boolean max, int from, int to) {
        for (int s = from; s < to; s++) {
            for (int j = 0; j < width; j++) {
                int best = -1;
                float bestValue = 0f;
                for (int k = ptr[s]; k < ptr[s + 1]; k++) {
                    float v = x[k * width + j];
                    if (best < 0 || (max ? v > bestValue : v < bestValue)) {
                        best = k;
                        bestValue = v;
                    }
                }
                out[s * width + j] = bestValue;
                arg[s * width + j] = best;
            }
        }
    }

    static void extreme(int[] ptr, double[] x, int width, double[] out, int[] arg, boolean max, int from, int to) {
        for (int s = from; s < to; s++) {
            for (int j = 0; j < width; j++) {
                int best = -1;
                double bestValue = 0.0;
                for (int k = ptr[s]; k < ptr[s + 1]; k++) {
                    double v = x[k * width + j];
                    if (best < 0 || (max ? v > bestValue : v < bestValue)) {
                        best = k;
                        bestValue = v;
                    }
                }
                out[s * width + j] = bestValue;
                arg[s * width + j] = best;
            }
        }
    }

    static void softmax(int[] ptr, double[] x, int width, double[] out, int from, int to) {
        for (int s = from; s < to; s++) {
            for (int j = 0; j < width; j++) {
                double m = Double.NEGATIVE_INFINITY;
                for (int k = ptr[s]; k < ptr[s + 1]; k++) {
                    m = Math.max(m, x[k * width + j]);
                }
                double sum = 0.0;
                for (int k = ptr[s]; k < ptr[s + 1]; k++) {
                    double e = Math.exp(x[k * width + j] - m);
                    out[k * width + j] = e;
                    sum += e;
                }
                for (int k = ptr[s]; k < ptr[s + 1]; k++) {
                    out[k * width + j] /= sum;
                }
            }
        }
    }

    static void softmax(int[] ptr, float[] x, int width, float[] out, int from, int to) {
        for (int s = from; s < to; s++) {
            for (int j = 0; j < width; j++) {
                float m = Float.NEGATIVE_INFINITY;
                for (int k = ptr[s]; k < ptr[s + 1]; k++) {
                    m = Math.max(m, x[k * width + j]);
                }
                float sum = 0f;
                for (int k = ptr[s]; k < ptr[s + 1]; k++) {
                    float e = (float) Math.exp(x[k * width + j] - m);
                    out[k * width + j] = e;
                    sum += e;
                }
                for (int k = ptr[s]; k < ptr[s + 1]; k++) {
                    out[k * width + j] /= sum;
                }
            }
        }
    }

    /** dx = y (g - sum over the segment of g y). */
    static void softmaxBackward(int[] ptr, double[] y, double[] g, int width, double[] out, int from, int to) {
        for (int s = from; s < to; s++) {
            for (int j = 0; j < width; j++) {
                double dot = 0.0;
                for (int k = ptr[s]; k < ptr[s + 1]; k++) {
                    dot += g[k * width + j] * y[k * width + j];
                }
                for (int k = ptr[s]; k < ptr[s + 1]; k++) {
                    out[k * width + j] = y[k * width + j] * (g[k * width + j] - dot);
                }
            }
        }
    }

    static void softmaxBackward(int[] ptr, float[] y, float[] g, int width, float[] out, int from, int to) {
        for (int s = from; s < to; s++) {
            for (int j = 0; j < width; j++) {
                float dot = 0f;
                for (int k = ptr[s]; k < ptr[s + 1]; k++) {
                    dot += g[k * width + j] * y[k * width + j];
                }
                for (int k = ptr[s]; k < ptr[s + 1]; k++) {
                    out[k * width + j] = y[k * width + j] * (g[k * width + j] - dot);
                }
            }
        }
    }
}
