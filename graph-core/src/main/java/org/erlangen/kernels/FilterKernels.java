package org.erlangen.kernels;

/**
 * SchNet's continuous-filter convolution on Java arrays: {@code out[r] += c[p] w[p] * x[s]} for every entry k of row
 * r, with sender {@code s = senders[k]} and atom pair {@code p = pairOf[k]}, and its backward. Float data runs on the
 * Vector API when {@link Vectorization} allows it. One thread: the batches of small molecules it serves gain nothing
 * from more.
 */
public final class FilterKernels {
    private FilterKernels() {
    }

    public static void forward(int[] ptr, int[] senders, int[] pairOf, float[] x, float[] w, float[] c, float[] out,
            int f) {
        if (Vectorization.enabled()) {
            FilterVectorKernels.forward(ptr, senders, pairOf, x, w, c, out, f);
        } else {
            plainForward(ptr, senders, pairOf, x, w, c, out, f);
        }
    }

    /** Adds to {@code dx}, {@code dw}, {@code dc} (each null when not wanted). */
    public static void backward(int[] ptr, int[] senders, int[] pairOf, float[] x, float[] w, float[] c, float[] g,
            float[] dx, float[] dw, float[] dc, int f) {
        if (Vectorization.enabled()) {
            FilterVectorKernels.backward(ptr, senders, pairOf, x, w, c, g, dx, dw, dc, f);
        } else {
            plainBackward(ptr, senders, pairOf, x, w, c, g, dx, dw, dc, f);
        }
    }

    public static void forward(int[] ptr, int[] senders, int[] pairOf, double[] x, double[] w, double[] c,
            double[] out, int f) {
        plainForward(ptr, senders, pairOf, x, w, c, out, f);
    }

    public static void backward(int[] ptr, int[] senders, int[] pairOf, double[] x, double[] w, double[] c,
            double[] g, double[] dx, double[] dw, double[] dc, int f) {
        plainBackward(ptr, senders, pairOf, x, w, c, g, dx, dw, dc, f);
    }

    private static void plainForward(int[] ptr, int[] senders, int[] pairOf, float[] x, float[] w, float[] c, float[] out, int f) {
        for (int r = 0; r + 1 < ptr.length; r++) {
            int o = r * f;
            for (int k = ptr[r]; k < ptr[r + 1]; k++) {
                int s = senders[k] * f;
                int wk = pairOf[k] * f;
                float ck = c[pairOf[k]];
                for (int j = 0; j < f; j++) {
                    out[o + j] += ck * w[wk + j] * x[s + j];
                }
            }
        }
    }

    private static void plainBackward(int[] ptr, int[] senders, int[] pairOf, float[] x, float[] w, float[] c, float[] g, float[] dx,
            float[] dw, float[] dc, int f) {
        for (int r = 0; r + 1 < ptr.length; r++) {
            int o = r * f;
            for (int k = ptr[r]; k < ptr[r + 1]; k++) {
                int s = senders[k] * f;
                int wk = pairOf[k] * f;
                float ck = c[pairOf[k]];
                float dot = 0;
                for (int j = 0; j < f; j++) {
                    float gw = g[o + j] * w[wk + j];
                    if (dx != null) {
                        dx[s + j] += ck * gw;
                    }
                    if (dw != null) {
                        dw[wk + j] += ck * g[o + j] * x[s + j];
                    }
                    dot += gw * x[s + j];
                }
                if (dc != null) {
                    dc[pairOf[k]] += dot;
                }
            }
        }
    }

    private static void plainForward(int[] ptr, int[] senders, int[] pairOf, double[] x, double[] w, double[] c, double[] out,
            int f) {
        for (int r = 0; r + 1 < ptr.length; r++) {
            int o = r * f;
            for (int k = ptr[r]; k < ptr[r + 1]; k++) {
                int s = senders[k] * f;
                int wk = pairOf[k] * f;
                double ck = c[pairOf[k]];
                for (int j = 0; j < f; j++) {
                    out[o + j] += ck * w[wk + j] * x[s + j];
                }
            }
        }
    }

    private static void plainBackward(int[] ptr, int[] senders, int[] pairOf, double[] x, double[] w, double[] c, double[] g,
            double[] dx, double[] dw, double[] dc, int f) {
        for (int r = 0; r + 1 < ptr.length; r++) {
            int o = r * f;
            for (int k = ptr[r]; k < ptr[r + 1]; k++) {
                int s = senders[k] * f;
                int wk = pairOf[k] * f;
                double ck = c[pairOf[k]];
                double dot = 0;
                for (int j = 0; j < f; j++) {
                    double gw = g[o + j] * w[wk + j];
                    if (dx != null) {
                        dx[s + j] += ck * gw;
                    }
                    if (dw != null) {
                        dw[wk + j] += ck * g[o + j] * x[s + j];
                    }
                    dot += gw * x[s + j];
                }
                if (dc != null) {
                    dc[pairOf[k]] += dot;
                }
            }
        }
    }
}
