package org.erlangen.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** {@link ColumnKernels} a vector of columns at a time; the columns past the last whole vector one by one. */
final class ColumnVectorKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private ColumnVectorKernels() {
    }

    static void standardise(float[] x, int from, int to, float[] mean, float[] scale, int width) {
        int bound = SPECIES.loopBound(width);
        for (int r = from; r < to; r++) {
            int row = r * width;
            int c = 0;
            for (; c < bound; c += SPECIES.length()) {
                FloatVector.fromArray(SPECIES, x, row + c).sub(FloatVector.fromArray(SPECIES, mean, c))
                        .div(FloatVector.fromArray(SPECIES, scale, c)).intoArray(x, row + c);
            }
            for (; c < width; c++) {
                x[row + c] = (x[row + c] - mean[c]) / scale[c];
            }
        }
    }
}
