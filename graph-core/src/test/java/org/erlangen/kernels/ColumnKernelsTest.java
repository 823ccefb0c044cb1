package org.erlangen.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Standardised columns, with the Vector API and without: (x - mean) / scale, bit for bit. */
class ColumnKernelsTest {
    @Test
    void standardisedRowsAreTheScalarFormulasValues() {
        boolean before = Vectorization.enabled();
        Random random = new Random(5);
        try {
            for (int width : new int[] {1, 16, 37, 64}) {
                int rows = 9;
                float[] mean = new float[width];
                float[] scale = new float[width];
                for (int c = 0; c < width; c++) {
                    mean[c] = random.nextFloat() * 4 - 2;
                    scale[c] = c % 5 == 0 ? 1 : 0.1f + random.nextFloat();
                }
                float[] in = new float[rows * width];
                for (int i = 0; i < rows * width; i++) {
                    in[i] = (float) random.nextGaussian() * 3;
                }
                for (boolean vector : new boolean[] {true, false}) {
                    Vectorization.setEnabled(vector);
                    float[] out = in.clone();
                    // the first 7 rows only: the others stay as they were
                    ColumnKernels.standardise(out, 7, mean, scale, width);
                    // rows 2 to 5 of another copy, as a block of a parallel pass
                    float[] block = in.clone();
                    ColumnKernels.standardise(block, 2, 5, mean, scale, width);
                    for (int r = 0; r < rows; r++) {
                        for (int c = 0; c < width; c++) {
                            int i = r * width + c;
                            float want = r < 7 ? (in[i] - mean[c]) / scale[c] : in[i];
                            assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(out[i]),
                                    "vector " + vector + ", width " + width + ", row " + r + ", column " + c);
                            float inBlock = r >= 2 && r < 5 ? (in[i] - mean[c]) / scale[c] : in[i];
                            assertEquals(Float.floatToRawIntBits(inBlock), Float.floatToRawIntBits(block[i]),
                                    "block, vector " + vector + ", width " + width + ", row " + r);
                        }
                    }
                }
            }
        } finally {
            Vectorization.setEnabled(before);
        }
    }
}
