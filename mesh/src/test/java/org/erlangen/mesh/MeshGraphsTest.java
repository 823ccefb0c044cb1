package org.erlangen.mesh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.erlangen.graph.Graph;
import org.erlangen.mesh.gen.MeshGenerators;
import org.erlangen.mesh.gen.MeshTransforms;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class MeshGraphsTest {
    @Test
    void graphEdgesLineUpWithTheGeometry() {
        TriangleMesh mesh = MeshTransforms.normalNoise(MeshGenerators.torus(2, 0.6, 16, 8), 0.02, 3);
        MeshGraph mg = MeshGraphs.build(mesh, MeshGraphs.Options.defaults());
        Graph g = mg.graph();
        MeshGeometry geo = mg.geometry();
        HalfEdgeMesh h = HalfEdgeMesh.of(mesh);
        assertEquals(mesh.vertexCount(), g.numNodes());
        assertEquals(2 * h.edgeCount(), g.numEdges());
        assertArrayEquals(geo.senders(), g.senders());
        assertArrayEquals(geo.receivers(), g.receivers());
        int[] order = g.edgeOrder();
        for (int e = 0; e < order.length; e++) {
            assertEquals(e, order[e], "edges are handed over already in stored order");
        }
        // Row p of the adjacency (receiver p) holds p's one-ring, counter-clockwise.
        for (int p = 0; p < mesh.vertexCount(); p++) {
            int[] ring = h.oneRing(p);
            int start = g.adjacency().rows().start(p);
            for (int k = 0; k < ring.length; k++) {
                assertEquals(ring[k], g.adjacency().col(start + k));
            }
        }
        INDArray ef = g.edgeFeatures();
        assertEquals(DataType.FLOAT, ef.dataType());
        assertArrayEquals(new long[] {g.numEdges(), 3}, ef.shape());
        for (int e = 0; e < g.numEdges(); e += 7) {
            assertEquals((float) geo.radius()[e], ef.getFloat(e, 0));
            assertEquals((float) geo.angle()[e], ef.getFloat(e, 1));
            assertEquals((float) geo.connection()[e], ef.getFloat(e, 2));
        }
        assertEquals((float) mesh.coordinate(5, 2), g.positions().getFloat(5, 2));
        assertNull(g.nodeFeatures());
    }

    @Test
    void doublePrecisionAndNodeFeatures() {
        TriangleMesh mesh = MeshGenerators.icosphere(1.7, 3);
        MeshGraph xyz = MeshGraphs.build(mesh, MeshGraphs.Options.defaults().with(DataType.DOUBLE)
                .with(MeshGraphs.NodeFeatures.XYZ));
        assertEquals(DataType.DOUBLE, xyz.graph().positions().dataType());
        assertEquals(mesh.coordinate(7, 1), xyz.graph().nodeFeatures().getDouble(7, 1), 0);
        assertEquals(xyz.geometry().connection()[11], xyz.graph().edgeFeatures().getDouble(11, 2), 0);

        MeshGraphs.Options invariant = MeshGraphs.Options.defaults().with(DataType.DOUBLE)
                .with(MeshGraphs.NodeFeatures.INVARIANT);
        INDArray a = MeshGraphs.build(mesh, invariant).graph().nodeFeatures();
        // On a sphere: relative area near 1, scaled mean and Gaussian curvature near 1.
        assertEquals(1, a.getColumn(0).meanNumber().doubleValue(), 1e-12);
        assertEquals(1, a.getColumn(1).meanNumber().doubleValue(), 1e-2);
        assertEquals(1, a.getColumn(2).meanNumber().doubleValue(), 1e-2);
        // Invariant under rotation, translation and scale.
        TriangleMesh moved = MeshTransforms.translate(MeshTransforms.scale(MeshTransforms.randomRotation(mesh, 2),
                3.5), 1, 2, 3);
        INDArray b = MeshGraphs.build(moved, invariant).graph().nodeFeatures();
        for (int v = 0; v < mesh.vertexCount(); v++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(a.getDouble(v, c), b.getDouble(v, c), 1e-9);
            }
        }
    }

    @Test
    void heatKernelFeaturesAreTheSignatureAtTheDefaultTimes() {
        TriangleMesh mesh = MeshTransforms.normalNoise(MeshGenerators.icosphere(1.5, 2), 0.02, 4);
        INDArray heat = MeshGraphs.build(mesh, MeshGraphs.Options.defaults().with(DataType.DOUBLE)
                .with(MeshGraphs.NodeFeatures.HEAT_KERNEL)).graph().nodeFeatures();
        int times = MeshGraphs.NodeFeatures.HEAT_KERNEL_TIMES;
        assertEquals(times, MeshGraphs.NodeFeatures.HEAT_KERNEL.width());
        assertEquals(times, heat.size(1));
        double[] hks = HeatKernelSignature.of(mesh, HeatKernelSignature.defaultTimes(times));
        for (int v = 0; v < mesh.vertexCount(); v++) {
            for (int k = 0; k < times; k++) {
                assertEquals(hks[v * times + k], heat.getDouble(v, k), 1e-12);
            }
        }
    }
}
