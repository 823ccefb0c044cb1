package org.erlangen.mesh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.erlangen.mesh.gen.MeshGenerators;
import org.junit.jupiter.api.Test;

class HalfEdgeMeshTest {
    @Test
    void connectivityInvariantsOnAClosedMesh() {
        HalfEdgeMesh h = HalfEdgeMesh.of(MeshGenerators.icosphere(1, 2));
        assertTrue(h.isClosed());
        assertEquals(2, h.eulerCharacteristic());
        assertEquals(3 * h.faceCount() / 2, h.edgeCount());
        for (int e = 0; e < h.halfEdgeCount(); e++) {
            int t = h.twin(e);
            assertTrue(t >= 0);
            assertEquals(e, h.twin(t));
            assertEquals(h.from(e), h.to(t));
            assertEquals(h.to(e), h.from(t));
            assertEquals(e, h.next(h.next(h.next(e))));
            assertEquals(e, h.prev(h.next(e)));
            assertEquals(h.face(e), h.face(h.next(e)));
            assertEquals(h.to(e), h.from(h.next(e)));
        }
    }

    @Test
    void oneRingIsCounterClockwiseAboutTheOutwardNormal() {
        TriangleMesh mesh = MeshGenerators.icosphere(1, 2);
        HalfEdgeMesh h = HalfEdgeMesh.of(mesh);
        for (int v = 0; v < mesh.vertexCount(); v++) {
            int[] ring = h.oneRing(v);
            int[] out = h.outgoing(v);
            assertEquals(ring.length, out.length);
            assertEquals(out[0], h.firstOutgoing(v));
            double[] p = mesh.position(v);
            // Outward normal of a sphere vertex is p itself; consecutive neighbours turn positively about it.
            for (int k = 0; k < ring.length; k++) {
                assertEquals(ring[k], h.to(out[k]));
                double[] a = sub(mesh.position(ring[k]), p);
                double[] b = sub(mesh.position(ring[(k + 1) % ring.length]), p);
                assertTrue(dot(cross(a, b), p) > 0, "ring of " + v + " turns clockwise at " + k);
                // Consecutive neighbours share a face with v: (v, ring[k], ring[k+1]) is a face in order.
                assertEquals(ring[(k + 1) % ring.length], h.to(h.next(out[k])));
            }
            assertEquals(ring.length, new HashSet<>(List.of(box(ring))).size());
        }
    }

    @Test
    void boundaryVerticesStartAndEndOnTheBoundary() {
        // 3 x 2 grid: vertex (i, j) = 4 j + i.
        TriangleMesh grid = MeshGenerators.grid(3, 2, 1.0);
        HalfEdgeMesh h = HalfEdgeMesh.of(grid);
        assertFalse(h.isClosed());
        assertEquals(10, h.boundaryEdgeCount());
        assertEquals(1, h.eulerCharacteristic());
        // Corner 0 touches faces (0,1,5) and (0,5,4): ring 1, 5, 4 counter-clockwise about +z.
        assertArrayEquals(new int[] {1, 5, 4}, h.oneRing(0));
        assertTrue(h.isBoundaryVertex(0));
        // Interior vertex 5 = (1, 1): six neighbours, counter-clockwise.
        assertFalse(h.isBoundaryVertex(5));
        int[] ring = h.oneRing(5);
        assertEquals(6, ring.length);
        assertEquals(Set.of(0, 1, 4, 6, 9, 10), new HashSet<>(List.of(box(ring))));
        for (int k = 0; k < 6; k++) {
            double[] a = sub(grid.position(ring[k]), grid.position(5));
            double[] b = sub(grid.position(ring[(k + 1) % 6]), grid.position(5));
            assertTrue(cross(a, b)[2] > 0);
        }
        // Edge vertex 1 = (1, 0): ring starts at 2 (its boundary edge 1->2) and ends at 0.
        assertArrayEquals(new int[] {2, 6, 5, 0}, h.oneRing(1));
        List<int[]> loops = h.boundaryLoops();
        assertEquals(1, loops.size());
        assertArrayEquals(new int[] {0, 1, 2, 3, 7, 11, 10, 9, 8, 4}, rotateToZero(loops.get(0)));
    }

    @Test
    void rejectsNonManifoldAndMisorientedMeshes() {
        TriangleMesh flipped = TriangleMesh.of(TestData.square().positions(), new int[] {0, 1, 2, 0, 3, 2});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HalfEdgeMesh.of(flipped));
        assertTrue(e.getMessage().contains("both run edge 2->0"), e.getMessage());
        TriangleMesh bowtie = TriangleMesh.of(new double[] {0, 0, 0, 1, 0, 0, 1, 1, 0, -1, 0, 0, -1, -1, 0},
                new int[] {0, 1, 2, 0, 3, 4});
        e = assertThrows(IllegalArgumentException.class, () -> HalfEdgeMesh.of(bowtie));
        assertTrue(e.getMessage().contains("vertex 0") && e.getMessage().contains("non-manifold vertex"),
                e.getMessage());
        TriangleMesh repeated = TriangleMesh.of(TestData.square().positions(), new int[] {0, 1, 1});
        e = assertThrows(IllegalArgumentException.class, () -> HalfEdgeMesh.of(repeated));
        assertTrue(e.getMessage().contains("face 0 repeats vertex 1"), e.getMessage());
    }

    @Test
    void closedFanAroundAVertexThatTouchesItselfIsRejected() {
        // Two closed cones sharing apex 0: the vertex is in 6 faces but one fan reaches 3.
        double[] p = {0, 0, 0, 1, 0, 1, -1, 1, 1, -1, -1, 1, 1, 0, -1, -1, 1, -1, -1, -1, -1, 0, 0, 2, 0, 0, -2};
        int[] f = {0, 1, 2, 0, 2, 3, 0, 3, 1, 1, 7, 2, 2, 7, 3, 3, 7, 1,
            0, 5, 4, 0, 6, 5, 0, 4, 6, 4, 5, 8, 5, 6, 8, 6, 4, 8};
        TriangleMesh twoCones = TriangleMesh.of(p, f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HalfEdgeMesh.of(twoCones));
        assertTrue(e.getMessage().contains("vertex 0 is in 6 faces but one fan around it reaches only 3"),
                e.getMessage());
        assertEquals(1, MeshValidation.of(twoCones).problems(MeshValidation.Kind.NON_MANIFOLD_VERTEX).size());
    }

    private static int[] rotateToZero(int[] loop) {
        int at = 0;
        while (loop[at] != 0) {
            at++;
        }
        int[] out = new int[loop.length];
        for (int i = 0; i < loop.length; i++) {
            out[i] = loop[(at + i) % loop.length];
        }
        return out;
    }

    static Integer[] box(int[] a) {
        Integer[] b = new Integer[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[i];
        }
        return b;
    }

    static double[] sub(double[] a, double[] b) {
        return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
    }

    static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }
}
