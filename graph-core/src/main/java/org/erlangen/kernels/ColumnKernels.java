package org.erlangen.kernels;

import java.nio.ByteBuffer;

/**
 * Per-column standardisation of row-major float rows in native memory: {@code out = (in - mean[c]) / scale[c]}, on
 * the Vector API when {@link Vectorization} allows it, with the same values bit for bit (a subtraction and a division
 * per element either way).
 */
public final class ColumnKernels {
    private ColumnKernels() {
    }

    /** Rows {@code from..to-1} of {@code width} native-order floats from {@code in} standardised into {@code out}. */
    public static void standardise(ByteBuffer in, ByteBuffer out, int from, int to, float[] mean, float[] scale,
            int width) {
        if (Vectorization.enabled()) {
            ColumnVectorKernels.standardise(in, out, from, to, mean, scale, width);
            return;
        }
        for (int r = from; r < to; r++) {
            for (int c = 0, i = r * width; c < width; c++, i++) {
                out.putFloat(4 * i, (in.getFloat(4 * i) - mean[c]) / scale[c]);
            }
        }
    }
}
