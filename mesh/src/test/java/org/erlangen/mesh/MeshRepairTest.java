package org.erlangen.mesh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.erlangen.mesh.gen.MeshGenerators;
import org.junit.jupiter.api.Test;

class MeshRepairTest {
    @Test
    void cleanMeshIsLeftAlone() {
        TriangleMesh mesh = MeshGenerators.icosphere(1, 2);
        MeshRepair.Result r = MeshRepair.repair(mesh);
        assertTrue(r.actions().isEmpty(), r.actions().toString());
        assertTrue(mesh.sameAs(r.mesh()));
    }

    @Test
    void dropsDegenerateAndDuplicateFacesAndUnusedVertices() {
        TriangleMesh t = TestData.tetrahedron();
        double[] p = java.util.Arrays.copyOf(t.positions(), 18);
        // Vertex 4 unused; vertex 5 the midpoint of edge 0-1 (for a zero-area face).
        p[15] = 1;
        p[16] = 0;
        p[17] = 0;
        int[] f = {0, 1, 2, 0, 2, 2, 0, 2, 3, 2, 1, 0, 0, 3, 1, 1, 3, 2, 0, 5, 1};
        TriangleMesh broken = TriangleMesh.of(p, f);
        MeshValidation before = MeshValidation.of(broken);
        assertEquals(1, before.problems(MeshValidation.Kind.REPEATED_VERTEX).size());
        assertEquals(1, before.problems(MeshValidation.Kind.DUPLICATE_FACE).size());
        assertEquals(1, before.problems(MeshValidation.Kind.ZERO_AREA).size());
        assertEquals(1, before.problems(MeshValidation.Kind.UNREFERENCED_VERTEX).size());

        MeshRepair.Result r = MeshRepair.repair(broken);
        assertEquals(4, r.mesh().vertexCount());
        assertArrayEquals(t.faces(), r.mesh().faces());
        assertArrayEquals(new int[] {0, 2, 4, 5}, r.faceOrigins());
        assertArrayEquals(new int[] {0, 1, 2, 3, -1, -1}, r.vertexMap());
        assertTrue(MeshValidation.of(r.mesh()).isClosed());
        String all = String.join("\n", r.actions());
        assertTrue(all.contains("dropped 2 degenerate faces (repeated vertex or zero area): face 1 (mesh), face 6"),
                all);
        assertTrue(all.contains("dropped 1 duplicate faces: face 3"), all);
        assertTrue(all.contains("dropped 2 unreferenced vertices"), all);
    }

    @Test
    void mergesCloseVerticesAndReindexes() {
        // A closed tetrahedron whose vertex 0 was written twice (0 and 4, 1e-9 apart) with faces split between them.
        TriangleMesh t = TestData.tetrahedron();
        double[] p = java.util.Arrays.copyOf(t.positions(), 15);
        p[12] = 1 + 1e-9;
        p[13] = 1;
        p[14] = 1;
        int[] f = {0, 1, 2, 4, 2, 3, 0, 3, 1, 1, 3, 2};
        TriangleMesh split = TriangleMesh.of(p, f);
        assertFalse(MeshValidation.of(split).isClosed());
        MeshRepair.Result off = MeshRepair.repair(split);
        assertEquals(5, off.mesh().vertexCount(), "merging is off by default");
        MeshRepair.Result r = MeshRepair.repair(split, MeshSource.none("split"),
                MeshRepair.Options.defaults().withMergeDistance(1e-6));
        assertEquals(4, r.mesh().vertexCount());
        assertArrayEquals(t.faces(), r.mesh().faces());
        assertEquals(0, r.vertexMap()[4]);
        assertTrue(MeshValidation.of(r.mesh()).isClosed());
        assertTrue(r.actions().get(0).startsWith("merged 1 vertices into others within distance 1.0E-6"),
                r.actions().toString());
    }

    @Test
    void orientsFacesConsistentlyAndOutwards() {
        TriangleMesh sphere = MeshGenerators.icosphere(1, 2);
        int[] f = sphere.faces();
        // Flip two faces in three, face 0 among them: growing from face 0 orients everything inside out, which the
        // volume check then turns back. The repair must restore the original orientation.
        for (int i = 0; i < sphere.faceCount(); i++) {
            if (i % 3 != 1) {
                int tmp = f[3 * i + 1];
                f[3 * i + 1] = f[3 * i + 2];
                f[3 * i + 2] = tmp;
            }
        }
        TriangleMesh messy = TriangleMesh.of(sphere.positions(), f);
        MeshValidation v = MeshValidation.of(messy);
        assertFalse(v.isConsistentlyOriented());
        MeshRepair.Result r = MeshRepair.repair(messy);
        MeshValidation after = MeshValidation.of(r.mesh());
        assertTrue(after.isClosed());
        assertTrue(after.signedVolume() > 0);
        for (int i = 0; i < sphere.faceCount(); i++) {
            assertTrue(sameCycle(sphere.face(i), r.mesh().face(i)), "face " + i);
        }
        assertTrue(r.actions().stream().anyMatch(a -> a.startsWith("flipped ")), r.actions().toString());
        assertTrue(r.actions().contains("turned 1 closed components inside out so that they face outwards"),
                r.actions().toString());
    }

    @Test
    void nonManifoldEdgesAreReportedNotRepaired() {
        TriangleMesh fin = TriangleMesh.of(new double[] {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 1},
                new int[] {0, 1, 2, 1, 0, 3, 0, 1, 4});
        MeshRepair.Result r = MeshRepair.repair(fin);
        assertEquals(3, r.mesh().faceCount());
        assertTrue(r.actions().stream().anyMatch(a -> a.contains("non-manifold")), r.actions().toString());
    }

    @Test
    void validationCountsTopology() {
        MeshValidation torus = MeshValidation.of(MeshGenerators.torus(2, 0.5, 12, 8));
        assertTrue(torus.isClosed());
        assertEquals(0, torus.eulerCharacteristic());
        assertEquals(1, torus.componentCount());
        MeshValidation square = MeshValidation.of(TestData.square());
        assertTrue(square.isValid());
        assertFalse(square.isClosed());
        assertEquals(4, square.boundaryEdgeCount());
        assertEquals(1, square.eulerCharacteristic());
        assertTrue(square.report(5).contains("4 boundary edges"), square.report(5));
    }

    private static boolean sameCycle(int[] a, int[] b) {
        for (int s = 0; s < 3; s++) {
            if (a[0] == b[s] && a[1] == b[(s + 1) % 3] && a[2] == b[(s + 2) % 3]) {
                return true;
            }
        }
        return false;
    }
}
