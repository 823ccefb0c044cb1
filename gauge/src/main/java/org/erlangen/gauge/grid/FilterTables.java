package org.erlangen.gauge.grid;

/**
 * The index tables that turn a filter bank into the bank of all its transformed copies, as GrouPy precomputes them:
 * entry i of the expanded bank is entry {@code table[i]} of the learnt one, so one gather and one ordinary
 * convolution run a lifting or group convolution.
 */
final class FilterTables {
    private FilterTables() {
    }

    /**
     * Lifting (Z2 to G): the bank [out, in, k, k] becomes [out * |G|, in, k, k], row {@code o * |G| + g} the filter
     * of output o transformed by g.
     */
    static int[] lifting(PlaneGroup group, int out, int in, int k) {
        int order = group.order();
        int[] table = new int[out * order * in * k * k];
        int i = 0;
        for (int o = 0; o < out; o++) {
            for (int g = 0; g < order; g++) {
                int[] pixels = group.pixelSource(g, k);
                for (int c = 0; c < in; c++) {
                    int base = (o * in + c) * k * k;
                    for (int p = 0; p < k * k; p++) {
                        table[i++] = base + pixels[p];
                    }
                }
            }
        }
        return table;
    }

    /**
     * Group convolution (G to G): the bank [out, in, |G|, k, k] becomes [out * |G|, in * |G|, k, k]; the filter of
     * output orientation g on input orientation h is the learnt filter at {@code g^-1 h}, turned by g.
     */
    static int[] group(PlaneGroup group, int out, int in, int k) {
        int order = group.order();
        int[] table = new int[out * order * in * order * k * k];
        int i = 0;
        for (int o = 0; o < out; o++) {
            for (int g = 0; g < order; g++) {
                int[] pixels = group.pixelSource(g, k);
                int[] orientation = group.regularSource(g);
                for (int c = 0; c < in; c++) {
                    for (int h = 0; h < order; h++) {
                        int base = ((o * in + c) * order + orientation[h]) * k * k;
                        for (int p = 0; p < k * k; p++) {
                            table[i++] = base + pixels[p];
                        }
                    }
                }
            }
        }
        return table;
    }
}
