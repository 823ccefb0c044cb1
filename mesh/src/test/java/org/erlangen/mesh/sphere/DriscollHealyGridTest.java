package org.erlangen.mesh.sphere;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DriscollHealyGridTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 8, 16, 64})
    void integratesOneToTheArea(int bandwidth) {
        var grid = new DriscollHealyGrid(bandwidth);
        var ones = new double[grid.size()];
        Arrays.fill(ones, 1);
        assertEquals(4 * Math.PI, grid.integrate(ones), 1e-12);
    }

    @Test
    void samplesTheEquiangularPoints() {
        var grid = new DriscollHealyGrid(4);
        assertEquals(8, grid.side());
        assertEquals(64, grid.size());
        assertEquals(Math.PI / 16, grid.theta(0), 1e-15);
        assertEquals(15 * Math.PI / 16, grid.theta(7), 1e-15);
        assertEquals(3 * Math.PI / 4, grid.phi(3), 1e-15);
        var p = grid.point(2, 3);
        assertEquals(Math.sin(5 * Math.PI / 16) * Math.cos(3 * Math.PI / 4), p[0], 1e-15);
        assertEquals(Math.sin(5 * Math.PI / 16) * Math.sin(3 * Math.PI / 4), p[1], 1e-15);
        assertEquals(Math.cos(5 * Math.PI / 16), p[2], 1e-15);
        for (int j = 0; j < grid.side(); j++) {
            assertTrue(grid.weight(j) > 0, "weight of ring " + j);
            assertEquals(grid.weight(j), grid.weight(grid.side() - 1 - j), 1e-14, "symmetric about the equator");
        }
    }

    /** Monomials z^n integrate to 4 pi / (n + 1) for even n, exactly up to degree 2B - 1, and no further. */
    @Test
    void isExactBelowDegreeTwoB() {
        int bandwidth = 8;
        var grid = new DriscollHealyGrid(bandwidth);
        for (int n = 0; n <= 2 * bandwidth; n++) {
            var values = new double[grid.size()];
            for (int j = 0; j < grid.side(); j++) {
                for (int k = 0; k < grid.side(); k++) {
                    var p = grid.point(j, k);
                    values[grid.index(j, k)] = Math.pow(p[2], n) * (1 + p[0] * p[1]);
                }
            }
            // x y z^n has zero integral; z^n integrates to 4 pi / (n + 1) for even n
            double exact = n % 2 == 0 ? 4 * Math.PI / (n + 1) : 0;
            double error = Math.abs(grid.integrate(values) - exact);
            if (n + 2 < 2 * bandwidth) {
                assertEquals(0, error, 1e-13, "degree " + (n + 2));
            } else if (n == 2 * bandwidth) {
                assertTrue(error > 1e-10, "degree " + n + " lies beyond the rule, error " + error);
            }
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new DriscollHealyGrid(0));
        assertThrows(IllegalArgumentException.class, () -> new DriscollHealyGrid(2).integrate(new double[3]));
    }
}
