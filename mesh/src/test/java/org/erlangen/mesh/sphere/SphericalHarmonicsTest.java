package org.erlangen.mesh.sphere;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SphericalHarmonicsTest {

    /** Y at every grid point, [point][l * l + l + m]. */
    private static double[][] onGrid(DriscollHealyGrid grid, SphericalHarmonics y) {
        var values = new double[grid.size()][];
        for (int j = 0; j < grid.side(); j++) {
            for (int k = 0; k < grid.side(); k++) {
                values[grid.index(j, k)] = y.evaluate(grid.theta(j), grid.phi(k));
            }
        }
        return values;
    }

    private static double gram(DriscollHealyGrid grid, double[][] y, int a, int b) {
        var product = new double[grid.size()];
        for (int i = 0; i < product.length; i++) {
            product[i] = y[i][a] * y[i][b];
        }
        return grid.integrate(product);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16})
    void areOrthonormalUnderTheGridQuadrature(int bandwidth) {
        var grid = new DriscollHealyGrid(bandwidth);
        var harmonics = new SphericalHarmonics(bandwidth);
        var y = onGrid(grid, harmonics);
        for (int a = 0; a < harmonics.size(); a++) {
            for (int b = 0; b <= a; b++) {
                assertEquals(a == b ? 1 : 0, gram(grid, y, a, b), 1e-12, "harmonics " + a + " and " + b);
            }
        }
    }

    /** The highest degrees at B = 64: the Legendre recurrence stays accurate (degree 63, all orders). */
    @Test
    void stayOrthonormalAtBandwidth64() {
        int bandwidth = 64;
        var grid = new DriscollHealyGrid(bandwidth);
        var harmonics = new SphericalHarmonics(bandwidth);
        int first = SphericalHarmonics.index(62, -62);
        int[] partners = {0, SphericalHarmonics.index(1, 1), SphericalHarmonics.index(40, -7), SphericalHarmonics.index(61, 61)};
        int top = harmonics.size() - first;
        // keep only the columns under test: all 4096 harmonics at 16384 points would take half a gigabyte
        var y = new double[grid.size()][];
        for (int j = 0; j < grid.side(); j++) {
            for (int k = 0; k < grid.side(); k++) {
                var all = harmonics.evaluate(grid.theta(j), grid.phi(k));
                var kept = Arrays.copyOf(Arrays.copyOfRange(all, first, all.length), top + partners.length);
                for (int t = 0; t < partners.length; t++) {
                    kept[top + t] = all[partners[t]];
                }
                y[grid.index(j, k)] = kept;
            }
        }
        for (int a = 0; a < top; a++) {
            for (int b = 0; b <= a; b++) {
                assertEquals(a == b ? 1 : 0, gram(grid, y, a, b), 1e-9, "harmonics " + (first + a) + " and " + (first + b));
            }
            for (int t = 0; t < partners.length; t++) {
                assertEquals(0, gram(grid, y, a, top + t), 1e-9, "harmonics " + (first + a) + " and " + partners[t]);
            }
        }
        // the Legendre factors alone, every pair of degrees at every order, with the ring weights
        var rings = new double[grid.side()][];
        for (int j = 0; j < grid.side(); j++) {
            rings[j] = AssociatedLegendre.normalized(bandwidth, Math.cos(grid.theta(j)), Math.sin(grid.theta(j)));
        }
        for (int m = 0; m < bandwidth; m++) {
            for (int l = m; l < bandwidth; l++) {
                for (int l2 = m; l2 <= l; l2++) {
                    double s = 0;
                    for (int j = 0; j < grid.side(); j++) {
                        // ring weight / (2 pi) turns the area weight back into the weight of sin(theta) d theta
                        s += grid.weight(j) * grid.side() / (2 * Math.PI)
                                * rings[j][AssociatedLegendre.index(l, m)] * rings[j][AssociatedLegendre.index(l2, m)];
                    }
                    assertEquals(l == l2 ? 1 : 0, s, 1e-9, "Pbar_" + l + "^" + m + " and Pbar_" + l2 + "^" + m);
                }
            }
        }
    }

    @Test
    void matchTheClosedFormsOfLowDegree() {
        var harmonics = new SphericalHarmonics(3);
        var random = new Random(7);
        double c1 = Math.sqrt(3 / (4 * Math.PI));
        for (int trial = 0; trial < 20; trial++) {
            var p = randomUnit(random);
            double x = p[0], y = p[1], z = p[2];
            var v = harmonics.evaluate(x, y, z);
            assertEquals(1 / (2 * Math.sqrt(Math.PI)), v[SphericalHarmonics.index(0, 0)], 1e-15);
            assertEquals(c1 * y, v[SphericalHarmonics.index(1, -1)], 1e-15);
            assertEquals(c1 * z, v[SphericalHarmonics.index(1, 0)], 1e-15);
            assertEquals(c1 * x, v[SphericalHarmonics.index(1, 1)], 1e-15);
            assertEquals(Math.sqrt(15 / (4 * Math.PI)) * x * y, v[SphericalHarmonics.index(2, -2)], 1e-14);
            assertEquals(Math.sqrt(15 / (4 * Math.PI)) * y * z, v[SphericalHarmonics.index(2, -1)], 1e-14);
            assertEquals(Math.sqrt(5 / (16 * Math.PI)) * (3 * z * z - 1), v[SphericalHarmonics.index(2, 0)], 1e-14);
            assertEquals(Math.sqrt(15 / (4 * Math.PI)) * x * z, v[SphericalHarmonics.index(2, 1)], 1e-14);
            assertEquals(Math.sqrt(15 / (16 * Math.PI)) * (x * x - y * y), v[SphericalHarmonics.index(2, 2)], 1e-14);
        }
        // the poles, where longitude is arbitrary
        var north = harmonics.evaluate(0, 0, 2);
        assertEquals(c1, north[SphericalHarmonics.index(1, 0)], 1e-15);
        assertEquals(0, north[SphericalHarmonics.index(1, 1)], 1e-15);
        var south = harmonics.evaluate(Math.PI, 0.0);
        assertEquals(-c1, south[SphericalHarmonics.index(1, 0)], 1e-15);
    }

    /** sum_m Y_lm(x) Y_lm(y) = (2l + 1) / (4 pi) P_l(x . y), with P_l from Bonnet's recurrence. */
    @Test
    void satisfyTheAdditionTheorem() {
        int degreeBound = 21;
        var harmonics = new SphericalHarmonics(degreeBound);
        var random = new Random(11);
        for (int trial = 0; trial < 20; trial++) {
            var x = randomUnit(random);
            var y = randomUnit(random);
            double t = x[0] * y[0] + x[1] * y[1] + x[2] * y[2];
            var yx = harmonics.evaluate(x[0], x[1], x[2]);
            var yy = harmonics.evaluate(y[0], y[1], y[2]);
            double older = 1;
            double old = t;
            for (int l = 0; l < degreeBound; l++) {
                double legendre;
                if (l == 0) {
                    legendre = 1;
                } else if (l == 1) {
                    legendre = t;
                } else {
                    legendre = ((2 * l - 1) * t * old - (l - 1) * older) / l;
                    older = old;
                    old = legendre;
                }
                double sum = 0;
                for (int m = -l; m <= l; m++) {
                    sum += yx[SphericalHarmonics.index(l, m)] * yy[SphericalHarmonics.index(l, m)];
                }
                assertEquals((2 * l + 1) / (4 * Math.PI) * legendre, sum, 1e-12, "degree " + l);
            }
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new SphericalHarmonics(0));
        assertThrows(IllegalArgumentException.class, () -> SphericalHarmonics.index(2, 3));
        assertThrows(IllegalArgumentException.class, () -> new SphericalHarmonics(2).evaluate(0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new SphericalHarmonics(2).evaluate(-0.1, 0));
    }

    static double[] randomUnit(Random random) {
        double x = random.nextGaussian(), y = random.nextGaussian(), z = random.nextGaussian();
        double n = Math.sqrt(x * x + y * y + z * z);
        return new double[] {x / n, y / n, z / n};
    }
}
