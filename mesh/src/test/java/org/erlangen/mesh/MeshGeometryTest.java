package org.erlangen.mesh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.erlangen.mesh.gen.MeshGenerators;
import org.erlangen.mesh.gen.MeshTransforms;
import org.junit.jupiter.api.Test;

/** Pins the conventions documented on {@link MeshGeometry} and checks the frames, log map and transport. */
class MeshGeometryTest {
    private static final double DEG = Math.PI / 180;

    static double wrap(double a) {
        return Math.atan2(Math.sin(a), Math.cos(a));
    }

    /** A flat hexagonal fan about vertex 0, ring vertex k at angle 20 + 60 (k - 1) degrees, radius 1 + k / 10. */
    static TriangleMesh hexFan() {
        double[] p = new double[21];
        for (int k = 1; k <= 6; k++) {
            double beta = (20 + 60 * (k - 1)) * DEG;
            double rho = 1 + 0.1 * k;
            p[3 * k] = rho * Math.cos(beta);
            p[3 * k + 1] = rho * Math.sin(beta);
        }
        int[] f = new int[18];
        for (int k = 1; k <= 6; k++) {
            f[3 * (k - 1)] = 0;
            f[3 * (k - 1) + 1] = k;
            f[3 * (k - 1) + 2] = k % 6 + 1;
        }
        return TriangleMesh.of(p, f);
    }

    @Test
    void conventionsOnAFlatFan() {
        TriangleMesh mesh = hexFan();
        MeshGeometry g = MeshGeometry.of(mesh);
        // Edge direction: the first six edges flow from the ring (senders) into the centre (receiver 0).
        assertArrayEquals(new int[] {0, 6}, new int[] {g.offsets()[0], g.offsets()[1]});
        for (int e = 0; e < 6; e++) {
            assertEquals(0, g.receivers()[e]);
            assertEquals(e + 1, g.senders()[e], "counter-clockwise ring order starting at the first neighbour");
        }
        VertexFrames frames = g.frames();
        // n_0 = +z, e1_0 points at vertex 1 (20 degrees), e2_0 = n x e1.
        assertArrayEquals(new double[] {0, 0, 1}, row(frames.normals(), 0), 1e-15);
        assertArrayEquals(new double[] {Math.cos(20 * DEG), Math.sin(20 * DEG), 0}, row(frames.xAxes(), 0), 1e-15);
        assertArrayEquals(new double[] {-Math.sin(20 * DEG), Math.cos(20 * DEG), 0}, row(frames.yAxes(), 0), 1e-15);
        double[] expectedTheta = {0, 60, 120, 180, -120, -60};
        for (int e = 0; e < 6; e++) {
            assertEquals(expectedTheta[e] * DEG, g.angle()[e], 1e-14, "theta of edge " + e);
            assertEquals(1 + 0.1 * (e + 1), g.radius()[e], 1e-15);
            assertArrayEquals(new double[] {g.radius()[e] * Math.cos(g.angle()[e]),
                g.radius()[e] * Math.sin(g.angle()[e])}, g.logMap(e), 1e-15);
        }
        // A boundary vertex k starts its ring at its boundary edge k -> k+1, so e1_k points at vertex k+1.
        for (int k = 1; k <= 6; k++) {
            int next = k % 6 + 1;
            assertEquals(next, HalfEdgeMesh.of(mesh).oneRing(k)[0]);
            double alphaK = Math.atan2(mesh.coordinate(next, 1) - mesh.coordinate(k, 1),
                    mesh.coordinate(next, 0) - mesh.coordinate(k, 0));
            // On a plane, transport is the identity: angle phi in q's frame is alpha_q + phi globally, which is
            // phi + (alpha_q - alpha_p) in p's frame. So g_{k->0} = alpha_k - alpha_0.
            int e = k - 1;
            assertEquals(wrap(alphaK - 20 * DEG), g.connection()[e], 1e-14, "g of edge " + k + " -> 0");
            assertEquals(wrap(-g.connection()[e]), g.connection()[g.reverse()[e]], 1e-14);
            assertEquals(0, g.senders()[g.reverse()[e]]);
            assertEquals(k, g.receivers()[g.reverse()[e]]);
        }
    }

    @Test
    void transportAddsTheConnectionAngle() {
        TriangleMesh mesh = MeshTransforms.normalNoise(MeshGenerators.icosphere(1, 2), 0.03, 7);
        MeshGeometry g = MeshGeometry.of(mesh);
        VertexFrames fr = g.frames();
        Random random = new Random(3);
        for (int e = 0; e < g.edgeCount(); e++) {
            int q = g.senders()[e];
            int p = g.receivers()[e];
            double phi = 2 * Math.PI * random.nextDouble() - Math.PI;
            double[] u = new double[3];
            for (int k = 0; k < 3; k++) {
                u[k] = Math.cos(phi) * fr.xAxes()[3 * q + k] + Math.sin(phi) * fr.yAxes()[3 * q + k];
            }
            // Rotate by the minimal rotation n_q -> n_p, built independently as an axis-angle matrix.
            double[] ru = rotate(row(fr.normals(), q), row(fr.normals(), p), u);
            double inP = Math.atan2(dot(ru, row(fr.yAxes(), p)), dot(ru, row(fr.xAxes(), p)));
            assertEquals(0, wrap(inP - (phi + g.connection()[e])), 1e-12, "edge " + q + " -> " + p);
            assertEquals(0, dot(ru, row(fr.normals(), p)), 1e-12, "transported vector lies in p's tangent plane");
        }
    }

    /** Rodrigues rotation about n_q x n_p by the angle between them, as a matrix. */
    private static double[] rotate(double[] from, double[] to, double[] u) {
        double[] axis = cross(from, to);
        double s = norm(axis);
        double c = dot(from, to);
        if (s < 1e-15) {
            return u.clone();
        }
        double[] k = {axis[0] / s, axis[1] / s, axis[2] / s};
        double angle = Math.atan2(s, c);
        double[][] kx = {{0, -k[2], k[1]}, {k[2], 0, -k[0]}, {-k[1], k[0], 0}};
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            double sum = 0;
            for (int j = 0; j < 3; j++) {
                double kk = 0;
                for (int m = 0; m < 3; m++) {
                    kk += kx[i][m] * kx[m][j];
                }
                double r = (i == j ? 1 : 0) + Math.sin(angle) * kx[i][j] + (1 - Math.cos(angle)) * kk;
                sum += r * u[j];
            }
            out[i] = sum;
        }
        return out;
    }

    @Test
    void framesAreOrthonormalAndRightHanded() {
        for (TriangleMesh mesh : List.of(MeshGenerators.icosphere(2, 3), MeshGenerators.torus(2, 0.5, 24, 12),
                MeshTransforms.normalNoise(MeshGenerators.cube(1, 4), 0.02, 1), MeshGenerators.grid(5, 4, 0.3))) {
            for (NormalWeighting w : NormalWeighting.values()) {
                VertexFrames f = MeshGeometry.of(HalfEdgeMesh.of(mesh), w).frames();
                for (int v = 0; v < mesh.vertexCount(); v++) {
                    double[] n = row(f.normals(), v);
                    double[] x = row(f.xAxes(), v);
                    double[] y = row(f.yAxes(), v);
                    assertEquals(1, norm(n), 1e-14);
                    assertEquals(1, norm(x), 1e-14);
                    assertEquals(1, norm(y), 1e-14);
                    assertEquals(0, dot(n, x), 1e-14);
                    assertEquals(0, dot(n, y), 1e-14);
                    assertEquals(0, dot(x, y), 1e-14);
                    assertArrayEquals(n, cross(x, y), 1e-14);
                }
            }
        }
    }

    @Test
    void logMapAnglesIncreaseCounterClockwiseOnConvexMeshes() {
        for (TriangleMesh mesh : List.of(MeshGenerators.icosphere(1, 3), MeshGenerators.uvSphere(1, 12, 20),
                MeshGenerators.cube(2, 3), MeshGenerators.ellipsoid(1, 2, 0.5, 2), MeshGenerators.cone(1, 2, 16, 3, 2),
                MeshGenerators.cylinder(1, 2, 16, 3, 2), MeshGenerators.octahedron(1, 2))) {
            MeshGeometry g = MeshGeometry.of(MeshTransforms.randomRotation(mesh, 11));
            for (int p = 0; p < g.vertexCount(); p++) {
                int from = g.offsets()[p];
                assertEquals(0, g.angle()[from], 1e-12, "the first neighbour defines the x-axis");
                double previous = 0;
                for (int e = from + 1; e < g.offsets()[p + 1]; e++) {
                    double unwrapped = g.angle()[e] < 0 ? g.angle()[e] + 2 * Math.PI : g.angle()[e];
                    assertTrue(unwrapped > previous, "angles of vertex " + p + " not increasing at edge " + e);
                    previous = unwrapped;
                }
                assertTrue(previous < 2 * Math.PI);
            }
        }
    }

    @Test
    void logMapIsTheRescaledTangentProjection() {
        TriangleMesh mesh = MeshTransforms.normalNoise(MeshGenerators.torus(2, 0.7, 20, 10), 0.05, 2);
        MeshGeometry g = MeshGeometry.of(mesh);
        for (int e = 0; e < g.edgeCount(); e++) {
            int q = g.senders()[e];
            int p = g.receivers()[e];
            double[] d = HalfEdgeMeshTest.sub(mesh.position(q), mesh.position(p));
            double[] n = row(g.frames().normals(), p);
            double along = dot(d, n);
            double[] t = {d[0] - along * n[0], d[1] - along * n[1], d[2] - along * n[2]};
            double scale = norm(d) / norm(t);
            double[] expected = {dot(t, row(g.frames().xAxes(), p)) * scale,
                dot(t, row(g.frames().yAxes(), p)) * scale};
            assertArrayEquals(expected, g.logMap(e), 1e-13);
            assertEquals(norm(d), g.radius()[e], 1e-15);
        }
    }

    @Test
    void connectionIsAntisymmetricAndReverseEdgesMatch() {
        MeshGeometry g = MeshGeometry.of(MeshTransforms.normalNoise(MeshGenerators.capsule(1, 2, 16, 4, 4), 0.05, 9));
        for (int e = 0; e < g.edgeCount(); e++) {
            int r = g.reverse()[e];
            assertEquals(g.senders()[e], g.receivers()[r]);
            assertEquals(g.receivers()[e], g.senders()[r]);
            assertEquals(e, g.reverse()[r]);
            assertEquals(0, wrap(g.connection()[e] + g.connection()[r]), 1e-12);
            assertEquals(g.radius()[e], g.radius()[r], 0);
        }
    }

    @Test
    void geometryIsInvariantToRotationTranslationAndScale() {
        TriangleMesh mesh = MeshTransforms.normalNoise(MeshGenerators.icosphere(1, 2), 0.05, 4);
        MeshGeometry a = MeshGeometry.of(mesh);
        double[] rotation = MeshTransforms.randomRotation(new Random(8));
        TriangleMesh moved = MeshTransforms.translate(MeshTransforms.scale(MeshTransforms.transform(mesh, rotation),
                2.5), 1, -2, 3);
        MeshGeometry b = MeshGeometry.of(moved);
        assertArrayEquals(a.senders(), b.senders());
        assertArrayEquals(a.receivers(), b.receivers());
        for (int e = 0; e < a.edgeCount(); e++) {
            assertEquals(2.5 * a.radius()[e], b.radius()[e], 1e-12);
            assertEquals(0, wrap(a.angle()[e] - b.angle()[e]), 1e-11);
            assertEquals(0, wrap(a.connection()[e] - b.connection()[e]), 1e-11);
        }
        for (int v = 0; v < mesh.vertexCount(); v++) {
            assertArrayEquals(apply(rotation, row(a.frames().normals(), v)), row(b.frames().normals(), v), 1e-12);
            assertArrayEquals(apply(rotation, row(a.frames().xAxes(), v)), row(b.frames().xAxes(), v), 1e-12);
            assertEquals(2.5 * 2.5 * a.vertexAreas()[v], b.vertexAreas()[v], 1e-12);
        }
    }

    @Test
    void holonomyOfALatitudeLoopIsTheCapAreaWithPositiveSign() {
        // Counter-clockwise about the outward normal (north cap on the left): rotation = +area / r^2.
        double r = 2;
        int n = 32;
        TriangleMesh mesh = MeshGenerators.uvSphere(r, n, 2 * n);
        MeshGeometry g = MeshGeometry.of(mesh);
        int ring = n / 4;
        double hol = loopHolonomy(g, latitudeLoop(ring, 2 * n));
        double cap = 2 * Math.PI * (1 - Math.cos(Math.PI * ring / n));
        assertEquals(cap, hol, 6e-3);
        // The same loop run backwards (cap on the right) turns the other way.
        int[] backwards = latitudeLoop(ring, 2 * n);
        for (int i = 0; i < backwards.length / 2; i++) {
            int t = backwards[i];
            backwards[i] = backwards[backwards.length - 1 - i];
            backwards[backwards.length - 1 - i] = t;
        }
        assertEquals(-cap, loopHolonomy(g, backwards), 6e-3);
    }

    /** Vertices of latitude ring k (1-based from the north pole) of a UV sphere, by increasing longitude. */
    static int[] latitudeLoop(int k, int segments) {
        int[] loop = new int[segments];
        for (int j = 0; j < segments; j++) {
            loop[j] = 1 + (k - 1) * segments + j;
        }
        return loop;
    }

    /** The sum of connection angles along the closed loop loop[0] -> loop[1] -> ... -> loop[0], wrapped. */
    static double loopHolonomy(MeshGeometry g, int[] loop) {
        double sum = 0;
        for (int i = 0; i < loop.length; i++) {
            sum += g.connection()[edge(g, loop[i], loop[(i + 1) % loop.length])];
        }
        return wrap(sum);
    }

    /** The edge q -> p. */
    static int edge(MeshGeometry g, int q, int p) {
        for (int e = g.offsets()[p]; e < g.offsets()[p + 1]; e++) {
            if (g.senders()[e] == q) {
                return e;
            }
        }
        throw new IllegalArgumentException("no edge " + q + " -> " + p);
    }

    @Test
    void rejectsVerticesInNoFace() {
        TriangleMesh lonely = TriangleMesh.of(new double[] {0, 0, 0, 1, 0, 0, 0, 1, 0, 5, 5, 5},
                new int[] {0, 1, 2});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MeshGeometry.of(lonely));
        assertTrue(e.getMessage().contains("vertex 3 is in no face"), e.getMessage());
    }

    static double[] row(double[] a, int i) {
        return new double[] {a[3 * i], a[3 * i + 1], a[3 * i + 2]};
    }

    static double[] apply(double[] m, double[] v) {
        return new double[] {m[0] * v[0] + m[1] * v[1] + m[2] * v[2], m[3] * v[0] + m[4] * v[1] + m[5] * v[2],
            m[6] * v[0] + m[7] * v[1] + m[8] * v[2]};
    }

    static double dot(double[] a, double[] b) {
        return HalfEdgeMeshTest.dot(a, b);
    }

    static double[] cross(double[] a, double[] b) {
        return HalfEdgeMeshTest.cross(a, b);
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
