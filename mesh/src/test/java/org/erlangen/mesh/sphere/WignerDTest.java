package org.erlangen.mesh.sphere;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class WignerDTest {
    private static final int DEGREE_BOUND = 8;
    private final WignerD wigner = new WignerD(DEGREE_BOUND);
    private final Random random = new Random(2024);

    private Rotation3 randomRotation() {
        return Rotation3.zyz(2 * Math.PI * random.nextDouble(), Math.PI * random.nextDouble(), 2 * Math.PI * random.nextDouble());
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        var c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < n; j++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    private static void assertMatrixEquals(double[][] expected, double[][] actual, double tolerance, String what) {
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected.length; j++) {
                assertEquals(expected[i][j], actual[i][j], tolerance, what + " entry (" + i + ", " + j + ")");
            }
        }
    }

    @Test
    void degreeZeroIsTheTrivialRepresentation() {
        var d0 = wigner.matrix(0, randomRotation());
        assertEquals(1, d0.length);
        assertEquals(1, d0[0][0], 1e-14);
    }

    /** D^1 is R with axes reordered to (y, z, x), the order of m = -1, 0, 1. */
    @Test
    void degreeOneIsTheRotationMatrix() {
        int[] axis = {1, 2, 0};
        for (int trial = 0; trial < 5; trial++) {
            var r = randomRotation();
            var d1 = wigner.matrix(1, r);
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    assertEquals(r.entry(axis[a], axis[b]), d1[a][b], 1e-13, "entry (" + a + ", " + b + ")");
                }
            }
        }
    }

    @Test
    void isIdentityAtTheIdentity() {
        var d = wigner.matrices(Rotation3.identity());
        for (int l = 0; l < DEGREE_BOUND; l++) {
            for (int a = 0; a <= 2 * l; a++) {
                for (int b = 0; b <= 2 * l; b++) {
                    assertEquals(a == b ? 1 : 0, d[l][a][b], 1e-13, "degree " + l);
                }
            }
        }
    }

    @Test
    void composesAsARepresentation() {
        for (int trial = 0; trial < 3; trial++) {
            var r1 = randomRotation();
            var r2 = Rotation3.axisAngle(random.nextGaussian(), random.nextGaussian(), random.nextGaussian(), 3 * random.nextDouble());
            var d1 = wigner.matrices(r1);
            var d2 = wigner.matrices(r2);
            var d12 = wigner.matrices(r1.compose(r2));
            for (int l = 0; l < DEGREE_BOUND; l++) {
                assertMatrixEquals(multiply(d1[l], d2[l]), d12[l], 1e-12, "degree " + l);
            }
        }
    }

    @Test
    void isOrthogonal() {
        var d = wigner.matrices(randomRotation());
        for (int l = 0; l < DEGREE_BOUND; l++) {
            int n = 2 * l + 1;
            var transpose = new double[n][n];
            var identity = new double[n][n];
            for (int a = 0; a < n; a++) {
                identity[a][a] = 1;
                for (int b = 0; b < n; b++) {
                    transpose[a][b] = d[l][b][a];
                }
            }
            assertMatrixEquals(identity, multiply(transpose, d[l]), 1e-12, "D^T D at degree " + l);
            assertMatrixEquals(identity, multiply(d[l], transpose), 1e-12, "D D^T at degree " + l);
        }
    }

    /** Rotating in the spectral domain, then sampling, equals sampling the signal at R^{-1} x on the grid. */
    @Test
    void rotatesBandLimitedSignals() {
        var grid = new DriscollHealyGrid(DEGREE_BOUND);
        var transform = new SphericalTransform(grid);
        var harmonics = new SphericalHarmonics(DEGREE_BOUND);
        var coefficients = SphericalTransformTest.randomCoefficients(DEGREE_BOUND, random);
        for (int trial = 0; trial < 3; trial++) {
            var r = randomRotation();
            var rotated = transform.inverse(wigner.rotate(coefficients, r));
            var inverse = r.inverse();
            for (int j = 0; j < grid.side(); j++) {
                for (int k = 0; k < grid.side(); k++) {
                    var q = inverse.apply(grid.point(j, k));
                    var y = harmonics.evaluate(q[0], q[1], q[2]);
                    double f = 0;
                    for (int i = 0; i < y.length; i++) {
                        f += coefficients[i] * y[i];
                    }
                    assertEquals(f, rotated[grid.index(j, k)], 1e-10, "point (" + j + ", " + k + ")");
                }
            }
        }
    }

    /** About z, order m and -m mix as (cos m phi, sin m phi) turned by m alpha: a closed form independent of the grid. */
    @Test
    void rotationAboutZTurnsEachOrder() {
        double alpha = 0.7;
        var d = wigner.matrices(Rotation3.aboutZ(alpha));
        for (int l = 0; l < DEGREE_BOUND; l++) {
            var expected = new double[2 * l + 1][2 * l + 1];
            expected[l][l] = 1;
            for (int m = 1; m <= l; m++) {
                double c = Math.cos(m * alpha);
                double s = Math.sin(m * alpha);
                // f(R^{-1} x) shifts phi by -alpha: cos(m(phi - a)) = c cos + s sin, sin(m(phi - a)) = c sin - s cos
                expected[l + m][l + m] = c;
                expected[l + m][l - m] = -s;
                expected[l - m][l - m] = c;
                expected[l - m][l + m] = s;
            }
            assertMatrixEquals(expected, d[l], 1e-13, "degree " + l);
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new WignerD(0));
        assertThrows(IllegalArgumentException.class, () -> wigner.matrix(DEGREE_BOUND, Rotation3.identity()));
        assertThrows(IllegalArgumentException.class, () -> wigner.rotate(new double[5], Rotation3.identity()));
        assertThrows(IllegalArgumentException.class, () -> wigner.rotate(new double[81], Rotation3.identity()));
    }
}
