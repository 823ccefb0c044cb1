package org.erlangen.kernels;

/**
 * The loops of {@link PlaneNormKernels} over one run of float values, on the Vector API where it is present. Sums
 * are kept in float within a run (runs are a plane or a few, thousands of values at most) and returned in double,
 * where the runs are merged. The output and the ReLU's mask are computed by the same float operations in both
 * passes, so the backward pass finds exactly the values the forward pass cut.
 */
final class PlaneRunKernels {
    private PlaneRunKernels() {
    }

    /** {@code sums[0]} = the sum of {@code run[i] - pivot} over {@code [0, n)}, {@code sums[1]} = their squares. */
    static void sums(float[] run, int n, float pivot, double[] sums) {
        int i = Vectorization.enabled() ? PlaneRunVectorKernels.sums(run, n, pivot, sums) : 0;
        double sum = 0;
        double squares = 0;
        for (; i < n; i++) {
            float d = run[i] - pivot;
            sum += d;
            squares += d * d;
        }
        sums[0] += sum;
        sums[1] += squares;
    }

    /** {@code run[i] = run[i] * a + b}, then {@code max(0, run[i])} when {@code relu}. */
    static void affine(float[] run, int n, float a, float b, boolean relu) {
        int i = Vectorization.enabled() ? PlaneRunVectorKernels.affine(run, n, a, b, relu) : 0;
        for (; i < n; i++) {
            float y = run[i] * a + b;
            run[i] = relu ? Math.max(y, 0f) : y;
        }
    }

    /**
     * {@code sums[0]} = the sum of gs, {@code sums[1]} = the sum of {@code gs[i] * (xs[i] - m)}; with {@code relu},
     * of gs cut to 0 where the output {@code xs[i] * a + b} was cut (not above 0).
     */
    static void gradientSums(float[] xs, float[] gs, int n, float m, boolean relu, float a, float b, double[] sums) {
        int i = Vectorization.enabled() ? PlaneRunVectorKernels.gradientSums(xs, gs, n, m, relu, a, b, sums) : 0;
        double sumG = 0;
        double sumGx = 0;
        for (; i < n; i++) {
            float g = relu && !(xs[i] * a + b > 0f) ? 0f : gs[i];
            sumG += g;
            sumGx += g * (xs[i] - m);
        }
        sums[0] += sumG;
        sums[1] += sumGx;
    }

    /**
     * {@code gs[i] = k * (gs[i] - c - xs[i] * d)}: the input's gradient from the output's, which is first cut, with
     * {@code relu}, where {@link #gradientSums} cut it.
     */
    static void inputGradient(float[] xs, float[] gs, int n, float k, float c, float d, boolean relu, float a,
            float b) {
        int i = Vectorization.enabled() ? PlaneRunVectorKernels.inputGradient(xs, gs, n, k, c, d, relu, a, b) : 0;
        for (; i < n; i++) {
            float g = relu && !(xs[i] * a + b > 0f) ? 0f : gs[i];
            gs[i] = k * (g - c - xs[i] * d);
        }
    }
}
