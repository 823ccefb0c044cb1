package org.erlangen.kernels;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** {@link ColumnKernels} a vector of columns at a time; the columns past the last whole vector one by one. */
final class ColumnVectorKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private ColumnVectorKernels() {
    }

    static void standardise(ByteBuffer in, ByteBuffer out, int from, int to, float[] mean, float[] scale,
            int width) {
        ByteOrder order = ByteOrder.nativeOrder();
        int bound = SPECIES.loopBound(width);
        for (int r = from; r < to; r++) {
            int row = r * width;
            int c = 0;
            for (; c < bound; c += SPECIES.length()) {
                FloatVector.fromByteBuffer(SPECIES, in, 4 * (row + c), order)
                        .sub(FloatVector.fromArray(SPECIES, mean, c)).div(FloatVector.fromArray(SPECIES, scale, c))
                        .intoByteBuffer(out, 4 * (row + c), order);
            }
            for (; c < width; c++) {
                int i = 4 * (row + c);
                out.putFloat(i, (in.getFloat(i) - mean[c]) / scale[c]);
            }
        }
    }
}
