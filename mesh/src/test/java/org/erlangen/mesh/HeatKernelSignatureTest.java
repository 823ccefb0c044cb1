package org.erlangen.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.erlangen.mesh.gen.MeshGenerators;
import org.erlangen.mesh.gen.MeshTransforms;
import org.junit.jupiter.api.Test;

class HeatKernelSignatureTest {
    /**
     * The diagonal of the heat kernel exp(t M^-1 L) M^-1, by a matrix exponential (Taylor series after halving t
     * until its norm is small, then squaring back), with nothing shared with the eigensolver path.
     */
    private static double[] byMatrixExponential(TriangleMesh mesh, double time) {
        int n = mesh.vertexCount();
        double[] mass = MeshMeasures.vertexAreas(mesh);
        double total = 0;
        for (double m : mass) {
            total += m;
        }
        SparseMatrix l = CotanLaplacian.of(mesh);
        double t = time * total;
        double[][] a = new double[n][n];
        double norm = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = t * l.get(i, j) / mass[i];
                norm = Math.max(norm, Math.abs(a[i][j]));
            }
        }
        int halvings = Math.max(0, (int) Math.ceil(Math.log(norm * n / 0.1) / Math.log(2)));
        double scale = Math.pow(2, -halvings);
        double[][] term = identity(n);
        double[][] sum = identity(n);
        for (int k = 1; k <= 20; k++) {
            term = times(term, a, scale / k);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    sum[i][j] += term[i][j];
                }
            }
        }
        for (int s = 0; s < halvings; s++) {
            sum = times(sum, sum, 1);
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = sum[i][i] / mass[i] * total;
        }
        return out;
    }

    private static double[][] identity(int n) {
        double[][] id = new double[n][n];
        for (int i = 0; i < n; i++) {
            id[i][i] = 1;
        }
        return id;
    }

    private static double[][] times(double[][] x, double[][] y, double factor) {
        int n = x.length;
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double v = x[i][k] * factor;
                for (int j = 0; j < n; j++) {
                    out[i][j] += v * y[k][j];
                }
            }
        }
        return out;
    }

    @Test
    void matchesTheHeatKernelByMatrixExponential() {
        TriangleMesh mesh = MeshTransforms.normalNoise(MeshGenerators.ellipsoid(1, 0.6, 0.4, 1), 0.02, 3);
        double[] times = {0.003, 0.03, 0.3};
        double[] hks = HeatKernelSignature.of(mesh, times);
        for (int k = 0; k < times.length; k++) {
            double[] expected = byMatrixExponential(mesh, times[k]);
            for (int v = 0; v < mesh.vertexCount(); v++) {
                assertEquals(expected[v], hks[v * times.length + k], 1e-8 * Math.abs(expected[v]),
                        "vertex " + v + " time " + times[k]);
            }
        }
    }

    @Test
    void unchangedByRotationTranslationAndScale() {
        TriangleMesh mesh = MeshTransforms.normalNoise(MeshGenerators.torus(1, 0.35, 20, 10), 0.01, 5);
        TriangleMesh moved = MeshTransforms.translate(MeshTransforms.scale(MeshTransforms.randomRotation(mesh, 9),
                3.7), 1, -2, 0.5);
        double[] times = HeatKernelSignature.defaultTimes(8);
        double[] a = HeatKernelSignature.of(mesh, times);
        double[] b = HeatKernelSignature.of(moved, times);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-9 * Math.abs(a[i]), "entry " + i);
        }
    }

    @Test
    void constantOnASphereAndOneAtLongTimes() {
        TriangleMesh sphere = MeshGenerators.icosphere(2, 3);
        double[] times = {0.01, 10};
        double[] hks = HeatKernelSignature.of(sphere, times);
        double min = Double.MAX_VALUE;
        double max = 0;
        for (int v = 0; v < sphere.vertexCount(); v++) {
            min = Math.min(min, hks[2 * v]);
            max = Math.max(max, hks[2 * v]);
            // after a long time the heat is spread evenly: 1 / area, which is 1 in units of the area
            assertEquals(1, hks[2 * v + 1], 1e-9, "vertex " + v);
        }
        assertTrue((max - min) / max < 0.05, "an icosphere's vertices are nearly alike: " + min + ".." + max);
        // small times: about 1 / (4 pi t) + K / (12 pi) on a unit-area surface, K = 4 pi
        assertEquals(1 / (4 * Math.PI * 0.01) + 1.0 / 3, (max + min) / 2, 0.05 * max);
    }

    @Test
    void separatesTipsFromTheMiddleOfAShape() {
        // on an elongated ellipsoid, heat stays longer at the tips of the long axis than at the waist
        TriangleMesh ellipsoid = MeshGenerators.ellipsoid(3, 1, 1, 3);
        double[] hks = HeatKernelSignature.of(ellipsoid, new double[] {0.05});
        double[] p = ellipsoid.positionArray();
        int tip = 0;
        int waist = 0;
        for (int v = 0; v < ellipsoid.vertexCount(); v++) {
            tip = p[3 * v] > p[3 * tip] ? v : tip;
            waist = Math.abs(p[3 * v]) < Math.abs(p[3 * waist]) ? v : waist;
        }
        assertTrue(hks[tip] > 1.5 * hks[waist], "tip " + hks[tip] + " waist " + hks[waist]);
    }

    @Test
    void refusesMeshesBeyondTheDenseLimitAndBadTimes() {
        TriangleMesh big = MeshGenerators.grid(70, 70, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HeatKernelSignature.of(big, new double[] {0.1}));
        assertTrue(e.getMessage().contains("at most " + HeatKernelSignature.MAX_VERTICES), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HeatKernelSignature.defaultTimes(0));
        double[] t = HeatKernelSignature.defaultTimes(16);
        assertEquals(1e-3, t[0], 1e-15);
        assertEquals(Math.pow(10, -0.5), t[15], 1e-12);
    }
}
