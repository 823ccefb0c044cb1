package org.erlangen.mesh.sphere;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SphericalTransformTest {

    static double[] randomCoefficients(int bandwidth, Random random) {
        var c = new double[bandwidth * bandwidth];
        for (int i = 0; i < c.length; i++) {
            c[i] = random.nextGaussian();
        }
        return c;
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 32})
    void roundTripsBandLimitedCoefficients(int bandwidth) {
        var transform = new SphericalTransform(new DriscollHealyGrid(bandwidth));
        var coefficients = randomCoefficients(bandwidth, new Random(bandwidth));
        var back = transform.forward(transform.inverse(coefficients));
        for (int i = 0; i < coefficients.length; i++) {
            assertEquals(coefficients[i], back[i], 1e-10, "coefficient " + i);
        }
    }

    /** The inverse is the plain sum of f_lm Y_lm at each grid point, and the forward is the plain quadrature. */
    @Test
    void agreesWithTheDirectSums() {
        int bandwidth = 6;
        var grid = new DriscollHealyGrid(bandwidth);
        var transform = new SphericalTransform(grid);
        var harmonics = new SphericalHarmonics(bandwidth);
        var random = new Random(3);
        var coefficients = randomCoefficients(bandwidth, random);
        var values = transform.inverse(coefficients);
        var arbitrary = new double[grid.size()];
        for (int i = 0; i < arbitrary.length; i++) {
            arbitrary[i] = random.nextGaussian();
        }
        var forward = transform.forward(arbitrary);
        var direct = new double[coefficients.length];
        for (int j = 0; j < grid.side(); j++) {
            for (int k = 0; k < grid.side(); k++) {
                var y = harmonics.evaluate(grid.theta(j), grid.phi(k));
                double sum = 0;
                for (int i = 0; i < y.length; i++) {
                    sum += coefficients[i] * y[i];
                    direct[i] += grid.weight(j) * arbitrary[grid.index(j, k)] * y[i];
                }
                assertEquals(sum, values[grid.index(j, k)], 1e-12, "point (" + j + ", " + k + ")");
            }
        }
        for (int i = 0; i < direct.length; i++) {
            assertEquals(direct[i], forward[i], 1e-12, "coefficient " + i);
        }
    }

    /** A function known in closed form: f = 3 + 2 z - x y has f_00 = 6 sqrt(pi), f_10 = 2 sqrt(4 pi / 3), ... */
    @Test
    void findsTheCoefficientsOfAPolynomial() {
        var grid = new DriscollHealyGrid(4);
        var values = new double[grid.size()];
        for (int j = 0; j < grid.side(); j++) {
            for (int k = 0; k < grid.side(); k++) {
                var p = grid.point(j, k);
                values[grid.index(j, k)] = 3 + 2 * p[2] - p[0] * p[1];
            }
        }
        var c = new SphericalTransform(grid).forward(values);
        for (int i = 0; i < c.length; i++) {
            double expected = switch (i) {
                case 0 -> 6 * Math.sqrt(Math.PI);
                case 2 -> 2 * Math.sqrt(4 * Math.PI / 3);
                case 4 -> -Math.sqrt(4 * Math.PI / 15);
                default -> 0;
            };
            assertEquals(expected, c[i], 1e-13, "coefficient " + i);
        }
    }

    @Test
    void rejectsWrongLengths() {
        var transform = new SphericalTransform(new DriscollHealyGrid(4));
        assertThrows(IllegalArgumentException.class, () -> transform.forward(new double[63]));
        assertThrows(IllegalArgumentException.class, () -> transform.inverse(new double[9]));
    }
}
