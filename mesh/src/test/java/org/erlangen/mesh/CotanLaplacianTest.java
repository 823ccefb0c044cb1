package org.erlangen.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.erlangen.mesh.gen.MeshGenerators;
import org.erlangen.mesh.gen.MeshTransforms;
import org.junit.jupiter.api.Test;

class CotanLaplacianTest {
    @Test
    void squareGridGivesTheFivePointStencilAtAnyScale() {
        int nx = 6;
        int ny = 5;
        double h = 0.37;
        TriangleMesh grid = MeshGenerators.grid(nx, ny, h);
        SparseMatrix l = CotanLaplacian.of(grid);
        double[] area = MeshMeasures.vertexAreas(grid);
        for (int j = 1; j < ny; j++) {
            for (int i = 1; i < nx; i++) {
                int v = j * (nx + 1) + i;
                assertEquals(-4, l.get(v, v), 1e-12);
                assertEquals(1, l.get(v, v + 1), 1e-12);
                assertEquals(1, l.get(v, v - 1), 1e-12);
                assertEquals(1, l.get(v, v + nx + 1), 1e-12);
                assertEquals(1, l.get(v, v - nx - 1), 1e-12);
                // The diagonal edges lie opposite right angles: weight 0.
                assertEquals(0, l.get(v, v + nx + 2), 1e-12);
                assertEquals(0, l.get(v, v - nx - 2), 1e-12);
                assertEquals(7, l.rowPointers()[v + 1] - l.rowPointers()[v], "six neighbours and the diagonal");
                assertEquals(h * h, area[v], 1e-14);
            }
        }
        checkLinearAndQuadratic(grid, l, area, nx, ny);
    }

    @Test
    void equilateralGridGivesTheHexagonalStencil() {
        int nx = 7;
        int ny = 6;
        double h = 1.3;
        TriangleMesh grid = MeshGenerators.triangularGrid(nx, ny, h);
        SparseMatrix l = CotanLaplacian.of(grid);
        double[] area = MeshMeasures.vertexAreas(grid);
        double w = 1 / Math.sqrt(3);
        int interior = 0;
        for (int j = 1; j < ny; j++) {
            for (int i = 1; i < nx; i++) {
                int v = j * (nx + 1) + i;
                assertEquals(7, l.rowPointers()[v + 1] - l.rowPointers()[v]);
                for (int k = l.rowPointers()[v]; k < l.rowPointers()[v + 1]; k++) {
                    assertEquals(l.columns()[k] == v ? -6 * w : w, l.values()[k], 1e-12);
                }
                assertEquals(Math.sqrt(3) / 2 * h * h, area[v], 1e-12);
                interior++;
            }
        }
        assertEquals((nx - 1) * (ny - 1), interior);
        checkLinearAndQuadratic(grid, l, area, nx, ny);
    }

    /** At interior vertices L annihilates linear functions, and L f / A = 4 for f = x^2 + y^2. */
    private static void checkLinearAndQuadratic(TriangleMesh grid, SparseMatrix l, double[] area, int nx, int ny) {
        int n = grid.vertexCount();
        double[] linear = new double[n];
        double[] quadratic = new double[n];
        for (int v = 0; v < n; v++) {
            double x = grid.coordinate(v, 0);
            double y = grid.coordinate(v, 1);
            linear[v] = 2 + 3 * x - 5 * y;
            quadratic[v] = x * x + y * y;
        }
        double[] ll = l.multiply(linear);
        double[] lq = l.multiply(quadratic);
        HalfEdgeMesh h = HalfEdgeMesh.of(grid);
        boolean boundaryNonZero = false;
        for (int v = 0; v < n; v++) {
            if (h.isBoundaryVertex(v)) {
                boundaryNonZero |= Math.abs(ll[v]) > 1e-9;
                continue;
            }
            assertEquals(0, ll[v], 1e-11, "L of a linear function at interior vertex " + v);
            assertEquals(4, lq[v] / area[v], 1e-10, "Laplacian of x^2 + y^2 at interior vertex " + v);
        }
        assertTrue(boundaryNonZero, "boundary rows are one-sided, so linear functions are not annihilated there");
    }

    @Test
    void symmetricZeroRowSumsAndNegativeSemiDefinite() {
        TriangleMesh mesh = MeshTransforms.randomEdgeFlips(MeshTransforms.normalNoise(MeshGenerators.icosphere(1, 3),
                0.05, 1), 300, 2);
        SparseMatrix l = CotanLaplacian.of(mesh);
        int[] rows = l.rowOfEntries();
        boolean negativeWeight = false;
        for (int k = 0; k < l.entryCount(); k++) {
            assertEquals(l.values()[k], l.get(l.columns()[k], rows[k]), 1e-15);
            negativeWeight |= rows[k] != l.columns()[k] && l.values()[k] < 0;
        }
        double[] ones = new double[mesh.vertexCount()];
        java.util.Arrays.fill(ones, 1);
        for (double x : l.multiply(ones)) {
            assertEquals(0, x, 1e-12);
        }
        assertTrue(negativeWeight, "this noisy remeshed sphere has obtuse pairs (negative weights)");
        Random random = new Random(5);
        for (int t = 0; t < 20; t++) {
            double[] x = new double[mesh.vertexCount()];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextGaussian();
            }
            double[] lx = l.multiply(x);
            double q = 0;
            for (int i = 0; i < x.length; i++) {
                q += x[i] * lx[i];
            }
            assertTrue(q <= 1e-12, "x' L x = " + q);
        }
    }

    @Test
    void sparseMatrixFromTripletsSumsRepeats() {
        SparseMatrix m = SparseMatrix.fromTriplets(2, 3, new int[] {1, 0, 1, 0}, new int[] {2, 1, 2, 0},
                new double[] {1, 2, 3, 4});
        assertEquals(4, m.get(0, 0));
        assertEquals(2, m.get(0, 1));
        assertEquals(4, m.get(1, 2));
        assertEquals(0, m.get(1, 0));
        assertEquals(3, m.entryCount());
        double[] y = m.multiply(new double[] {1, 10, 100});
        assertEquals(24, y[0]);
        assertEquals(400, y[1]);
    }
}
