package org.erlangen.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float multi-head kernels of {@link HeadRowKernels} on the JDK's incubating Vector API (the JIT does not vectorise
 * the short per-head loops by itself). A vector covers {@code lanes} consecutive columns: inside one head when the
 * head width is a multiple of the lane count, or several whole heads when the lane count is a multiple of the head
 * width (8 channels with 16 lanes), the weights then loaded per lane through an index map. Other head widths use
 * the plain loops. Only loaded when the {@code jdk.incubator.vector} module is present.
 */
final class HeadVectorKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private HeadVectorKernels() {
    }

    /** Whether these kernels handle heads of {@code channels} columns. */
    static boolean supports(int channels) {
        int lanes = SPECIES.length();
        return channels % lanes == 0 || lanes % channels == 0;
    }

    /** Lane {@code l} of a vector starting at a head boundary reads the weight of head {@code l / channels}. */
    private static int[] laneHeads(int channels) {
        int[] map = new int[SPECIES.length()];
        for (int l = 0; l < map.length; l++) {
            map[l] = l / channels;
        }
        return map;
    }

    static void weightedSum(int[] ptr, int[] cols, float[] w, int heads, int channels, float[] x, float[] out,
            int from, int to) {
        if (heads == 1) {
            // one weight per entry: the single-head sum, which reads each source row once for four chunks
            VectorKernels.rowSum(ptr, cols, w, null, x, channels, out, from, to);
            return;
        }
        int lanes = SPECIES.length();
        int width = heads * channels;
        boolean withinHead = channels % lanes == 0;
        int[] map = withinHead ? null : laneHeads(channels);
        int vectorEnd = width - width % lanes;
        for (int r = from; r < to; r++) {
            int o = r * width;
            int start = ptr[r];
            int end = ptr[r + 1];
            // one register accumulator per chunk of the row, so each output chunk is written once
            for (int j = 0; j < vectorEnd; j += lanes) {
                int head = j / channels;
                FloatVector acc = FloatVector.zero(SPECIES);
                for (int k = start; k < end; k++) {
                    FloatVector weight = withinHead ? FloatVector.broadcast(SPECIES, w[k * heads + head])
                            : FloatVector.fromArray(SPECIES, w, k * heads + head, map, 0);
                    acc = FloatVector.fromArray(SPECIES, x, cols[k] * width + j).fma(weight, acc);
                }
                acc.intoArray(out, o + j);
            }
            for (int j = vectorEnd; j < width; j++) {
                int head = j / channels;
                float s = 0f;
                for (int k = start; k < end; k++) {
                    s += w[k * heads + head] * x[cols[k] * width + j];
                }
                out[o + j] = s;
            }
        }
    }

    static void entryDot(int[] ptr, int[] cols, float[] a, float[] b, int heads, int channels, float[] out, int from,
            int to) {
        int lanes = SPECIES.length();
        int width = heads * channels;
        if (channels % lanes != 0) {
            HeadRowKernels.entryDot(ptr, cols, a, b, heads, channels, out, from, to);
            return;
        }
        for (int r = from; r < to; r++) {
            int ar = r * width;
            for (int k = ptr[r]; k < ptr[r + 1]; k++) {
                int bc = cols[k] * width;
                for (int h = 0; h < heads; h++) {
                    int base = h * channels;
                    // four accumulators: one chain of dependent multiply-adds per head waited on each add
                    FloatVector acc0 = FloatVector.zero(SPECIES);
                    FloatVector acc1 = acc0;
                    FloatVector acc2 = acc0;
                    FloatVector acc3 = acc0;
                    int c = 0;
                    for (; c + 4 * lanes <= channels; c += 4 * lanes) {
                        int ac = ar + base + c;
                        int bb = bc + base + c;
                        acc0 = FloatVector.fromArray(SPECIES, a, ac).fma(FloatVector.fromArray(SPECIES, b, bb), acc0);
                        acc1 = FloatVector.fromArray(SPECIES, a, ac + lanes)
                                .fma(FloatVector.fromArray(SPECIES, b, bb + lanes), acc1);
                        acc2 = FloatVector.fromArray(SPECIES, a, ac + 2 * lanes)
                                .fma(FloatVector.fromArray(SPECIES, b, bb + 2 * lanes), acc2);
                        acc3 = FloatVector.fromArray(SPECIES, a, ac + 3 * lanes)
                                .fma(FloatVector.fromArray(SPECIES, b, bb + 3 * lanes), acc3);
                    }
                    for (; c < channels; c += lanes) {
                        acc0 = FloatVector.fromArray(SPECIES, a, ar + base + c)
                                .fma(FloatVector.fromArray(SPECIES, b, bc + base + c), acc0);
                    }
                    out[k * heads + h] = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
                }
            }
        }
    }
}
