package org.erlangen.mesh.gen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.erlangen.mesh.MeshMeasures;
import org.erlangen.mesh.MeshValidation;
import org.erlangen.mesh.NormalWeighting;
import org.erlangen.mesh.TriangleMesh;
import org.junit.jupiter.api.Test;

class MeshTransformsTest {
    @Test
    void randomRotationsAreRotationsAndUniform() {
        Random random = new Random(42);
        int samples = 20000;
        double[] mean = new double[9];
        double[] meanSquare = new double[9];
        double meanTrace = 0;
        for (int s = 0; s < samples; s++) {
            double[] r = MeshTransforms.randomRotation(random);
            // Orthonormal rows, determinant +1.
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    double d = r[3 * i] * r[3 * j] + r[3 * i + 1] * r[3 * j + 1] + r[3 * i + 2] * r[3 * j + 2];
                    assertEquals(i == j ? 1 : 0, d, 1e-12);
                }
            }
            double det = r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6])
                    + r[2] * (r[3] * r[7] - r[4] * r[6]);
            assertEquals(1, det, 1e-12);
            for (int k = 0; k < 9; k++) {
                mean[k] += r[k] / samples;
                meanSquare[k] += r[k] * r[k] / samples;
            }
            meanTrace += (r[0] + r[4] + r[8]) / samples;
        }
        // Haar measure: E[R] = 0, E[R_ij^2] = 1/3, E[trace] = 0 (trace = 1 + 2 cos(angle)).
        for (int k = 0; k < 9; k++) {
            assertEquals(0, mean[k], 0.02, "mean of entry " + k);
            assertEquals(1.0 / 3, meanSquare[k], 0.02, "mean square of entry " + k);
        }
        assertEquals(0, meanTrace, 0.03);
    }

    @Test
    void seededTransformsAreReproducible() {
        TriangleMesh mesh = MeshGenerators.icosphere(1, 2);
        assertTrue(MeshTransforms.randomRotation(mesh, 3).sameAs(MeshTransforms.randomRotation(mesh, 3)));
        assertFalse(MeshTransforms.randomRotation(mesh, 3).sameAs(MeshTransforms.randomRotation(mesh, 4)));
        assertTrue(MeshTransforms.normalNoise(mesh, 0.1, 5).sameAs(MeshTransforms.normalNoise(mesh, 0.1, 5)));
        assertTrue(MeshTransforms.randomEdgeFlips(mesh, 50, 6).sameAs(MeshTransforms.randomEdgeFlips(mesh, 50, 6)));
    }

    @Test
    void rotationAndScalingKeepShape() {
        TriangleMesh mesh = MeshGenerators.capsule(1, 2, 12, 4, 3);
        TriangleMesh rotated = MeshTransforms.randomRotation(mesh, 9);
        assertEquals(MeshMeasures.volume(mesh), MeshMeasures.volume(rotated), 1e-12);
        TriangleMesh scaled = MeshTransforms.randomScale(mesh, 0.5, 2, 10);
        double factor = Math.cbrt(MeshMeasures.volume(scaled) / MeshMeasures.volume(mesh));
        assertTrue(factor >= 0.5 && factor <= 2);
        assertEquals(factor * factor * MeshMeasures.totalArea(mesh), MeshMeasures.totalArea(scaled), 1e-9);
    }

    @Test
    void aStretchScalesAlongThreeAxesWithinItsBounds() {
        TriangleMesh sphere = MeshGenerators.icosphere(1, 3);
        double[] same = MeshTransforms.randomStretch(sphere, 0, 4).positions();
        assertArrayEquals(sphere.positions(), same, 1e-12, "no stretch is the identity");
        TriangleMesh stretched = MeshTransforms.randomStretch(sphere, 0.2, 4);
        double[] p = stretched.positions();
        double min = Double.MAX_VALUE;
        double max = 0;
        for (int v = 0; v < p.length / 3; v++) {
            double r = Math.sqrt(p[3 * v] * p[3 * v] + p[3 * v + 1] * p[3 * v + 1] + p[3 * v + 2] * p[3 * v + 2]);
            min = Math.min(min, r);
            max = Math.max(max, r);
        }
        // the unit sphere becomes an ellipsoid whose semi-axes lie in [0.8, 1.2]
        assertTrue(min >= 0.8 - 1e-9 && max <= 1.2 + 1e-9, min + " " + max);
        assertTrue(max - min > 0.01, "it stretched: " + min + " " + max);
        double volume = MeshMeasures.volume(stretched) / MeshMeasures.volume(sphere);
        assertTrue(volume > 0.8 * 0.8 * 0.8 && volume < 1.2 * 1.2 * 1.2, "volume ratio " + volume);
        assertArrayEquals(p, MeshTransforms.randomStretch(sphere, 0.2, 4).positions(), 0, "seeded");
    }

    @Test
    void normalNoiseMovesVerticesAlongNormalsWithTheGivenSpread() {
        TriangleMesh mesh = MeshGenerators.icosphere(1, 4);
        double sigma = 0.01;
        TriangleMesh noisy = MeshTransforms.normalNoise(mesh, sigma, 12);
        double[] n = MeshMeasures.vertexNormals(mesh, NormalWeighting.AREA);
        double sum2 = 0;
        for (int v = 0; v < mesh.vertexCount(); v++) {
            double[] d = new double[3];
            double along = 0;
            for (int k = 0; k < 3; k++) {
                d[k] = noisy.coordinate(v, k) - mesh.coordinate(v, k);
                along += d[k] * n[3 * v + k];
            }
            for (int k = 0; k < 3; k++) {
                assertEquals(along * n[3 * v + k], d[k], 1e-15, "displacement is along the normal");
            }
            sum2 += along * along;
        }
        assertEquals(sigma, Math.sqrt(sum2 / mesh.vertexCount()), 0.05 * sigma);
        assertTrue(MeshValidation.of(noisy).isClosed());
        assertArrayEquals(mesh.faces(), noisy.faces());
    }

    @Test
    void edgeFlipsKeepAClosedOrientedManifold() {
        for (TriangleMesh mesh : new TriangleMesh[] {MeshGenerators.icosphere(1, 3),
            MeshGenerators.torus(2, 0.7, 20, 10), MeshGenerators.cube(1, 4)}) {
            MeshValidation before = MeshValidation.of(mesh);
            TriangleMesh flipped = MeshTransforms.randomEdgeFlips(mesh, mesh.faceCount() / 4, 77);
            MeshValidation after = MeshValidation.of(flipped);
            assertTrue(after.isClosed(), after.report(5));
            assertEquals(before.eulerCharacteristic(), after.eulerCharacteristic());
            assertTrue(after.signedVolume() > 0);
            assertArrayEquals(mesh.positions(), flipped.positions());
            int changed = 0;
            for (int f = 0; f < mesh.faceCount(); f++) {
                changed += java.util.Arrays.equals(mesh.face(f), flipped.face(f)) ? 0 : 1;
            }
            assertTrue(changed > mesh.faceCount() / 5, "only " + changed + " faces changed");
        }
        // On a flat cube face a flip never changes the shape.
        TriangleMesh cube = MeshGenerators.cube(1, 4);
        assertEquals(1, MeshMeasures.volume(MeshTransforms.randomEdgeFlips(cube, 100, 1)), 1e-12);
    }
}
