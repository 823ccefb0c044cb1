package org.erlangen.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.erlangen.mesh.gen.MeshGenerators;
import org.junit.jupiter.api.Test;

/**
 * Discrete geometry against closed forms, with the observed order of convergence (errors at halved edge lengths).
 * Each test prints its table.
 */
class ConvergenceTest {
    /** log2 of the ratio of successive errors: about 2 for second-order convergence when h halves. */
    private static double[] orders(double[] errors) {
        double[] o = new double[errors.length - 1];
        for (int i = 0; i < o.length; i++) {
            o[i] = Math.log(errors[i] / errors[i + 1]) / Math.log(2);
        }
        return o;
    }

    private static void print(String what, int[] resolution, double[] errors) {
        StringBuilder sb = new StringBuilder(what);
        double[] o = orders(errors);
        for (int i = 0; i < errors.length; i++) {
            sb.append(String.format("%n  %6d  error %.4e", resolution[i], errors[i]));
            if (i > 0) {
                sb.append(String.format("  order %.3f", o[i - 1]));
            }
        }
        System.out.println(sb);
    }

    private static void assertOrder(double[] errors, double low, double high, int skip) {
        double[] o = orders(errors);
        for (int i = skip; i < o.length; i++) {
            assertTrue(o[i] > low && o[i] < high, "order " + o[i] + " at step " + i + " outside (" + low + ", "
                    + high + ")");
        }
    }

    @Test
    void icosphereAreaConvergesAtSecondOrder() {
        double r = 1.5;
        int[] res = new int[5];
        double[] errors = new double[5];
        for (int s = 1; s <= 5; s++) {
            TriangleMesh m = MeshGenerators.icosphere(r, s);
            res[s - 1] = m.vertexCount();
            errors[s - 1] = 4 * Math.PI * r * r - MeshMeasures.totalArea(m);
            assertTrue(errors[s - 1] > 0, "an inscribed polyhedron has less area");
        }
        print("icosphere area, 4 pi r^2 - A (by vertex count)", res, errors);
        assertOrder(errors, 1.9, 2.1, 1);
        assertTrue(errors[4] / (4 * Math.PI * r * r) < 5e-4);
    }

    @Test
    void uvSphereAreaConvergesAtSecondOrder() {
        double r = 0.7;
        int[] res = {8, 16, 32, 64, 128};
        double[] errors = new double[res.length];
        for (int i = 0; i < res.length; i++) {
            errors[i] = 4 * Math.PI * r * r - MeshMeasures.totalArea(MeshGenerators.uvSphere(r, res[i], 2 * res[i]));
        }
        print("UV sphere area, 4 pi r^2 - A (by rings; segments = 2 rings)", res, errors);
        assertOrder(errors, 1.95, 2.05, 0);
    }

    @Test
    void torusAreaConvergesAtSecondOrder() {
        double major = 3;
        double minor = 1;
        int[] res = {8, 16, 32, 64, 128};
        double[] errors = new double[res.length];
        for (int i = 0; i < res.length; i++) {
            TriangleMesh t = MeshGenerators.torus(major, minor, 3 * res[i], res[i]);
            errors[i] = 4 * Math.PI * Math.PI * major * minor - MeshMeasures.totalArea(t);
        }
        print("torus area, 4 pi^2 R r - A (by minor segments; major = 3 minor)", res, errors);
        assertOrder(errors, 1.95, 2.05, 0);
    }

    @Test
    void sphereNormalsPointRadiallyWithFirstOrderError() {
        int[] res = new int[4];
        double[] area = new double[4];
        double[] angle = new double[4];
        for (int s = 2; s <= 5; s++) {
            TriangleMesh m = MeshGenerators.icosphere(2, s);
            res[s - 2] = m.vertexCount();
            area[s - 2] = maxRadialError(m, NormalWeighting.AREA);
            angle[s - 2] = maxRadialError(m, NormalWeighting.ANGLE);
        }
        print("icosphere, max angle (rad) between area-weighted normal and radius", res, area);
        print("icosphere, max angle (rad) between angle-weighted normal and radius", res, angle);
        assertOrder(area, 0.95, 1.05, 0);
        assertOrder(angle, 0.95, 1.05, 0);
        assertTrue(area[3] < 3e-3 && angle[3] < 1.5e-3);

        int[] rings = {8, 16, 32, 64};
        double[] uv = new double[rings.length];
        for (int i = 0; i < rings.length; i++) {
            uv[i] = maxRadialError(MeshGenerators.uvSphere(1, rings[i], 2 * rings[i]), NormalWeighting.AREA);
        }
        print("UV sphere, max angle (rad) between area-weighted normal and radius", rings, uv);
        assertOrder(uv, 0.95, 1.15, 0);
    }

    @Test
    void torusNormalsPointAwayFromTheCoreCircle() {
        // the exact normal at p is the direction from the nearest point of the core circle (radius R in the xy plane)
        double major = 2;
        double minor = 0.5;
        int[] res = {8, 16, 32, 64};
        double[] errors = new double[res.length];
        for (int i = 0; i < res.length; i++) {
            TriangleMesh m = MeshGenerators.torus(major, minor, 3 * res[i], res[i]);
            double[] n = MeshMeasures.vertexNormals(m, NormalWeighting.AREA);
            double max = 0;
            for (int v = 0; v < m.vertexCount(); v++) {
                double[] p = m.position(v);
                double planar = Math.hypot(p[0], p[1]);
                double[] core = {major * p[0] / planar, major * p[1] / planar, 0};
                double[] d = {p[0] - core[0], p[1] - core[1], p[2] - core[2]};
                double len = Math.sqrt(HalfEdgeMeshTest.dot(d, d));
                double[] exact = {d[0] / len, d[1] / len, d[2] / len};
                double c = n[3 * v] * exact[0] + n[3 * v + 1] * exact[1] + n[3 * v + 2] * exact[2];
                double[] x = HalfEdgeMeshTest.cross(MeshGeometryTest.row(n, v), exact);
                max = Math.max(max, Math.atan2(Math.sqrt(HalfEdgeMeshTest.dot(x, x)), c));
            }
            errors[i] = max;
        }
        print("torus, max angle (rad) between area-weighted normal and the exact normal", res, errors);
        assertTrue(errors[res.length - 1] < 1e-2, "finest torus normal error " + errors[res.length - 1]);
        for (int i = 1; i < res.length; i++) {
            assertTrue(errors[i] < errors[i - 1], "torus normal error does not shrink with resolution: "
                    + java.util.Arrays.toString(errors));
        }
    }

    private static double maxRadialError(TriangleMesh m, NormalWeighting w) {
        double[] n = MeshMeasures.vertexNormals(m, w);
        double max = 0;
        for (int v = 0; v < m.vertexCount(); v++) {
            double[] p = m.position(v);
            double len = Math.sqrt(HalfEdgeMeshTest.dot(p, p));
            double[] radial = {p[0] / len, p[1] / len, p[2] / len};
            double c = n[3 * v] * radial[0] + n[3 * v + 1] * radial[1] + n[3 * v + 2] * radial[2];
            double[] x = HalfEdgeMeshTest.cross(MeshGeometryTest.row(n, v), radial);
            max = Math.max(max, Math.atan2(Math.sqrt(HalfEdgeMeshTest.dot(x, x)), c));
        }
        return max;
    }

    @Test
    void meanCurvatureConvergesOnAverage() {
        // Barycentric areas make the cotangent mean curvature converge on average, not at every vertex of an
        // irregular mesh (the icosphere's maximum error stays near 0.15), so the mean absolute error is checked.
        double r = 2;
        int[] res = new int[4];
        double[] mean = new double[4];
        for (int s = 2; s <= 5; s++) {
            TriangleMesh m = MeshGenerators.icosphere(r, s);
            double[] h = MeshCurvature.mean(m);
            res[s - 2] = m.vertexCount();
            for (double x : h) {
                mean[s - 2] += Math.abs(x * r - 1) / h.length;
            }
        }
        print("icosphere, mean |H r - 1| (cotangent Laplacian, barycentric areas)", res, mean);
        assertOrder(mean, 1.7, 2.1, 0);
        // On the UV sphere's regular rings the error vanishes everywhere except near the poles.
        double[] h = MeshCurvature.mean(MeshGenerators.uvSphere(r, 64, 128));
        double sum = 0;
        for (double x : h) {
            sum += x * r;
        }
        assertEquals(1, sum / h.length, 2e-3);
    }

    @Test
    void transportAroundALatitudeLoopConvergesToTheEnclosedArea() {
        double r = 2;
        int[] res = {8, 16, 32, 64, 128};
        double[] errors = new double[res.length];
        for (int i = 0; i < res.length; i++) {
            int n = res[i];
            MeshGeometry g = MeshGeometry.of(MeshGenerators.uvSphere(r, n, 2 * n));
            int ring = n / 4;
            double cap = 2 * Math.PI * r * r * (1 - Math.cos(Math.PI * ring / n));
            double hol = MeshGeometryTest.loopHolonomy(g, MeshGeometryTest.latitudeLoop(ring, 2 * n));
            errors[i] = Math.abs(hol - cap / (r * r));
        }
        print("UV sphere, |holonomy of the 45-degree latitude loop - cap area / r^2|", res, errors);
        assertOrder(errors, 1.9, 2.2, 0);
        assertTrue(errors[4] < 5e-4);
    }

    @Test
    void transportAroundAnIcosphereCapConvergesToTheEnclosedArea() {
        // The loop is the boundary of the faces above z = 0.6 r; the exact area it encloses on the sphere is the
        // geodesic polygon's (a fan of spherical triangles from the pole).
        double r = 3;
        int[] res = new int[5];
        double[] errors = new double[5];
        for (int s = 2; s <= 6; s++) {
            TriangleMesh m = MeshGenerators.icosphere(r, s);
            List<Integer> cap = new ArrayList<>();
            for (int f = 0; f < m.faceCount(); f++) {
                boolean above = true;
                for (int k = 0; k < 3; k++) {
                    above &= m.coordinate(m.vertex(f, k), 2) > 0.6 * r;
                }
                if (above) {
                    cap.add(f);
                }
            }
            int[] faces = new int[3 * cap.size()];
            for (int i = 0; i < cap.size(); i++) {
                for (int k = 0; k < 3; k++) {
                    faces[3 * i + k] = m.vertex(cap.get(i), k);
                }
            }
            List<int[]> loops = HalfEdgeMesh.of(TriangleMesh.of(m.positions(), faces)).boundaryLoops();
            assertEquals(1, loops.size());
            int[] loop = loops.get(0);
            double area = 0;
            double[] pole = {0, 0, 1};
            for (int i = 0; i < loop.length; i++) {
                area += solidAngle(pole, unit(m.position(loop[i])), unit(m.position(loop[(i + 1) % loop.length])));
            }
            double hol = MeshGeometryTest.loopHolonomy(MeshGeometry.of(m), loop);
            res[s - 2] = loop.length;
            errors[s - 2] = Math.abs(hol - area);
        }
        print("icosphere, |holonomy of a cap's boundary loop - enclosed area / r^2| (by loop length)", res, errors);
        for (int i = 2; i < errors.length; i++) {
            assertTrue(errors[i] < 0.5 * errors[i - 1], "error did not shrink at subdivision " + (i + 2));
        }
        assertTrue(errors[4] < 1e-3);
    }

    @Test
    void discreteGaussBonnetIsExact() {
        for (TriangleMesh m : List.of(MeshGenerators.icosphere(1, 3), MeshGenerators.cube(1, 5),
                MeshGenerators.capsule(1, 3, 12, 4, 5), MeshGenerators.torus(2, 0.5, 30, 12))) {
            HalfEdgeMesh h = HalfEdgeMesh.of(m);
            double total = 0;
            for (double d : MeshCurvature.angleDefects(h)) {
                total += d;
            }
            assertEquals(2 * Math.PI * h.eulerCharacteristic(), total, 1e-9);
        }
    }

    @Test
    void faceHolonomiesSumToTwoPiTimesEulerCharacteristic() {
        // Each face's holonomy (wrapped) approximates its curvature; their sum is exactly 2 pi chi, because the
        // unwrapped sum over all directed edges cancels.
        for (TriangleMesh m : List.of(MeshGenerators.icosphere(1, 3), MeshGenerators.torus(2, 0.7, 24, 12))) {
            MeshGeometry g = MeshGeometry.of(m);
            double total = 0;
            for (int f = 0; f < m.faceCount(); f++) {
                total += MeshGeometryTest.loopHolonomy(g, m.face(f));
            }
            assertEquals(2 * Math.PI * HalfEdgeMesh.of(m).eulerCharacteristic(), total, 1e-9);
        }
    }

    private static double[] unit(double[] p) {
        double len = Math.sqrt(HalfEdgeMeshTest.dot(p, p));
        return new double[] {p[0] / len, p[1] / len, p[2] / len};
    }

    /** Signed solid angle of the spherical triangle (a, b, c) of unit vectors (Van Oosterom and Strackee). */
    private static double solidAngle(double[] a, double[] b, double[] c) {
        double num = HalfEdgeMeshTest.dot(a, HalfEdgeMeshTest.cross(b, c));
        double den = 1 + HalfEdgeMeshTest.dot(a, b) + HalfEdgeMeshTest.dot(b, c) + HalfEdgeMeshTest.dot(a, c);
        return 2 * Math.atan2(num, den);
    }
}
