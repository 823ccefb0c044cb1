package org.erlangen.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Dropout's draws from their index are SplittableRandom's, with the Vector API and without. */
class DropoutKernelsTest {
    /** What the generator itself gives: keep * (draw >>> 11 >= threshold), in order. */
    private static float[] expected(int length, long seed, long threshold, float keep) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] m = new float[length];
        for (int i = 0; i < length; i++) {
            m[i] = keep * (float) ((threshold - 1 - (random.nextLong() >>> 11)) >>> 63);
        }
        return m;
    }

    @Test
    void drawsFromTheirIndexAreTheGeneratorsOwn() {
        boolean before = Vectorization.enabled();
        try {
            for (boolean vector : new boolean[] {true, false}) {
                Vectorization.setEnabled(vector);
                for (int length : new int[] {0, 1, 7, 8, 9, 31, 1000}) {
                    for (double p : new double[] {0.1, 0.5, 0.9}) {
                        long threshold = (long) Math.ceil(p * (1L << 53));
                        long seed = 31L * length + (long) (p * 10);
                        float keep = (float) (1 / (1 - p));
                        float[] want = expected(length, seed, threshold, keep);
                        // the run starts at an offset into the array, as a chunk of a larger one does
                        float[] mask = new float[length + 3];
                        DropoutKernels.mask(mask, 3, length + 3, seed, threshold, keep);
                        float[] got = new float[length];
                        System.arraycopy(mask, 3, got, 0, length);
                        assertArrayEquals(want, got, "mask, vector " + vector + ", length " + length + ", p " + p);

                        float[] in = new float[length];
                        for (int i = 0; i < length; i++) {
                            in[i] = i % 2 == 0 ? -1.5f * i : Float.NaN;
                        }
                        float[] out = new float[length + 3];
                        System.arraycopy(in, 0, out, 3, length);
                        DropoutKernels.dropped(out, 3, length + 3, seed, threshold, keep);
                        for (int i = 0; i < length; i++) {
                            assertEquals(Float.floatToRawIntBits(in[i] * want[i]),
                                    Float.floatToRawIntBits(out[i + 3]), "dropped, vector " + vector + ", element "
                                    + i);
                        }
                    }
                }
            }
        } finally {
            Vectorization.setEnabled(before);
        }
    }
}
