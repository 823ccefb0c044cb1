package org.erlangen.kernels;

/**
 * Per-column standardisation of row-major float rows, in place: {@code x = (x - mean[c]) / scale[c]}, on the Vector
 * API when {@link Vectorization} allows it, with the same values bit for bit (a subtraction and a division per element
 * either way).
 */
public final class ColumnKernels {
    private ColumnKernels() {
    }

    /** The first {@code rows} rows of {@code width} values in {@code x}, standardised in place. */
    public static void standardise(float[] x, int rows, float[] mean, float[] scale, int width) {
        standardise(x, 0, rows, mean, scale, width);
    }

    /** Rows {@code [from, to)} of {@code width} values in {@code x}, standardised in place. */
    public static void standardise(float[] x, int from, int to, float[] mean, float[] scale, int width) {
        if (Vectorization.enabled()) {
            ColumnVectorKernels.standardise(x, from, to, mean, scale, width);
            return;
        }
        for (int r = from; r < to; r++) {
            for (int c = 0, i = r * width; c < width; c++, i++) {
                x[i] = (x[i] - mean[c]) / scale[c];
            }
        }
    }
}
