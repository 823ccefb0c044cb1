package org.erlangen.mesh.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.erlangen.mesh.HalfEdgeMesh;
import org.erlangen.mesh.MeshMeasures;
import org.erlangen.mesh.MeshValidation;
import org.erlangen.mesh.TriangleMesh;
import org.junit.jupiter.api.Test;

class MeshGeneratorsTest {
    /** Every generator, at a usual and (for some) the coarsest resolution. */
    private static Map<String, TriangleMesh> shapes() {
        Map<String, TriangleMesh> m = new LinkedHashMap<>();
        m.put("uvSphere coarse", MeshGenerators.uvSphere(1.3, 2, 3));
        m.put("uvSphere", MeshGenerators.uvSphere(1.3, 16, 24));
        m.put("icosphere 0", MeshGenerators.icosphere(0.8, 0));
        m.put("icosphere 3", MeshGenerators.icosphere(0.8, 3));
        m.put("ellipsoid", MeshGenerators.ellipsoid(1, 2, 0.5, 3));
        m.put("cube 1", MeshGenerators.cube(2, 1));
        m.put("cube 6", MeshGenerators.cube(2, 6));
        m.put("cylinder", MeshGenerators.cylinder(0.5, 2, 20, 4, 3));
        m.put("cylinder coarse", MeshGenerators.cylinder(0.5, 2, 3, 1, 1));
        m.put("cone", MeshGenerators.cone(1, 1.5, 24, 5, 3));
        m.put("cone coarse", MeshGenerators.cone(1, 1.5, 3, 1, 1));
        m.put("capsule", MeshGenerators.capsule(0.5, 1, 16, 5, 3));
        m.put("hemisphere", MeshGenerators.hemisphere(1, 6, 16, 3));
        m.put("octahedron", MeshGenerators.octahedron(1, 2));
        m.put("tetrahedron", MeshGenerators.tetrahedron(1, 3));
        m.put("torus", MeshGenerators.torus(2, 0.6, 24, 10));
        m.put("torus coarse", MeshGenerators.torus(2, 0.6, 3, 3));
        return m;
    }

    @Test
    void everyShapeIsAClosedOutwardManifoldWithTheRightEulerCharacteristic() {
        for (var entry : shapes().entrySet()) {
            String name = entry.getKey();
            TriangleMesh mesh = entry.getValue();
            MeshValidation v = MeshValidation.of(mesh);
            assertTrue(v.isClosed(), name + ": " + v.report(5));
            assertTrue(v.isManifold() && v.isConsistentlyOriented(), name);
            assertEquals(1, v.componentCount(), name);
            assertEquals(name.startsWith("torus") ? 0 : 2, v.eulerCharacteristic(), name);
            assertTrue(v.signedVolume() > 0, name + " faces inwards: volume " + v.signedVolume());
            HalfEdgeMesh h = HalfEdgeMesh.of(mesh);
            assertTrue(h.isClosed(), name);
            // Outward faces: the shapes other than the torus are convex, so every face normal points away from
            // the centroid of the vertices, which lies inside.
            if (!name.startsWith("torus")) {
                double[] centroid = new double[3];
                for (int i = 0; i < mesh.vertexCount(); i++) {
                    for (int k = 0; k < 3; k++) {
                        centroid[k] += mesh.coordinate(i, k) / mesh.vertexCount();
                    }
                }
                double[] normals = MeshMeasures.faceNormals(mesh);
                for (int f = 0; f < mesh.faceCount(); f++) {
                    double dot = 0;
                    for (int k = 0; k < 3; k++) {
                        double c = (mesh.coordinate(mesh.vertex(f, 0), k) + mesh.coordinate(mesh.vertex(f, 1), k)
                                + mesh.coordinate(mesh.vertex(f, 2), k)) / 3;
                        dot += (c - centroid[k]) * normals[3 * f + k];
                    }
                    assertTrue(dot > 0, name + ": face " + f + " points inwards");
                }
            }
        }
    }

    @Test
    void volumesAndAreasMatchTheShapes() {
        assertEquals(8, MeshMeasures.volume(MeshGenerators.cube(2, 5)), 1e-12);
        assertEquals(24, MeshMeasures.totalArea(MeshGenerators.cube(2, 5)), 1e-12);
        double octa = 4.0 / 3;
        assertEquals(octa, MeshMeasures.volume(MeshGenerators.octahedron(1, 3)), 1e-12,
                "flat subdivision keeps the octahedron");
        double cylinder = Math.PI * 0.25 * 2;
        double polygon = 0.5 * 64 * Math.sin(2 * Math.PI / 64) * 0.25 * 2;
        assertEquals(polygon, MeshMeasures.volume(MeshGenerators.cylinder(0.5, 2, 64, 3, 4)), 1e-12);
        assertEquals(cylinder, polygon, 2e-2 * cylinder);
        double cone = 0.5 * 64 * Math.sin(2 * Math.PI / 64) * 1.5 / 3;
        assertEquals(cone, MeshMeasures.volume(MeshGenerators.cone(1, 1.5, 64, 4, 2)), 1e-12);
        double capsule = Math.PI * 0.25 * 1 + 4.0 / 3 * Math.PI * 0.125;
        assertEquals(capsule, MeshMeasures.volume(MeshGenerators.capsule(0.5, 1, 128, 32, 2)), 2e-3 * capsule);
        double hemi = 2.0 / 3 * Math.PI;
        assertEquals(hemi, MeshMeasures.volume(MeshGenerators.hemisphere(1, 32, 128, 4)), 2e-3 * hemi);
        double ellipsoid = 4.0 / 3 * Math.PI * 1 * 2 * 0.5;
        assertEquals(ellipsoid, MeshMeasures.volume(MeshGenerators.ellipsoid(1, 2, 0.5, 5)), 2e-3 * ellipsoid);
        double torus = 2 * Math.PI * Math.PI * 2 * 0.36;
        assertEquals(torus, MeshMeasures.volume(MeshGenerators.torus(2, 0.6, 256, 128)), 1e-3 * torus);
    }

    @Test
    void vertexCountsFollowTheResolution() {
        assertEquals(10 * (1 << 2 * 3) + 2, MeshGenerators.icosphere(1, 3).vertexCount());
        assertEquals(2 + 15 * 24, MeshGenerators.uvSphere(1, 16, 24).vertexCount());
        assertEquals(6 * 36 + 2, MeshGenerators.cube(1, 6).vertexCount());
        assertEquals(24 * 10, MeshGenerators.torus(2, 0.6, 24, 10).vertexCount());
        TriangleMesh sphere = MeshGenerators.icosphere(2.5, 3);
        for (int v = 0; v < sphere.vertexCount(); v++) {
            double[] p = sphere.position(v);
            assertEquals(2.5, Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]), 1e-14);
        }
    }

    @Test
    void badParametersAreRejectedWithTheirValues() {
        var e = assertThrows(IllegalArgumentException.class, () -> MeshGenerators.torus(1, 2, 10, 10));
        assertTrue(e.getMessage().contains("major radius 1.0 must exceed the minor radius 2.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MeshGenerators.uvSphere(1, 1, 10));
        assertTrue(e.getMessage().contains("at least 2 rings, got 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MeshGenerators.cube(-1, 2));
        assertTrue(e.getMessage().contains("size must be positive and finite, got -1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MeshGenerators.revolve(new double[] {0, 0, 0}, new double[] {1, 0, -1}, 5));
        assertTrue(e.getMessage().contains("profile point 1 has rho = 0.0"), e.getMessage());
    }
}
