package org.erlangen.gnn.geometric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class EnergyNormalizerTest {
    @Test
    void referenceEnergiesRecoverALinearModelOfComposition() {
        Random random = new Random(31);
        double[] truth = {-0.5, -38.0, 0.0, -75.1}; // type 2 never occurs
        int m = 40;
        int[][] counts = new int[m][4];
        double[] energies = new double[m];
        double[] noise = new double[m];
        for (int k = 0; k < m; k++) {
            counts[k][0] = 1 + random.nextInt(10);
            counts[k][1] = random.nextInt(7);
            counts[k][3] = random.nextInt(3);
            noise[k] = 0.01 * random.nextGaussian();
            for (int t = 0; t < 4; t++) {
                energies[k] += counts[k][t] * truth[t];
            }
            energies[k] += noise[k];
        }
        EnergyNormalizer n = EnergyNormalizer.referenceEnergies(counts, energies);
        assertArrayEquals(truth, n.references(), 0.02);
        assertEquals(0.0, n.references()[2], 0.0);
        assertEquals(0.01, n.scale(), 0.005); // the spread of what composition does not explain
        for (int k = 0; k < m; k++) {
            double y = n.normalise(energies[k], counts[k]);
            assertEquals(energies[k], n.denormalise(y, counts[k]), 1e-9);
        }
    }

    @Test
    void meanStdCentresAndScales() {
        double[] e = {1, 2, 3, 4};
        EnergyNormalizer n = EnergyNormalizer.meanStd(e, 2);
        assertEquals(2.5, n.offset(), 1e-15);
        assertEquals(Math.sqrt(1.25), n.scale(), 1e-15);
        assertEquals((4 - 2.5) / Math.sqrt(1.25), n.normalise(4, new int[] {3, 1}), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> n.normalise(4, new int[] {1}));
    }
}
