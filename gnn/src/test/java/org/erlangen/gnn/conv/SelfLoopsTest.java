package org.erlangen.gnn.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashMap;
import java.util.Map;
import org.erlangen.graph.Graph;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SelfLoopsTest {
    // 0 -> 1, 2 -> 1, 1 -> 1 (an existing loop), 1 -> 2; node 0 has no incoming edge
    private final Graph g = Graph.builder(3).edges(new int[] {0, 2, 1, 1}, new int[] {1, 1, 1, 2})
            .edgeFeatures(Nd4j.createFromArray(new double[][] {{1, 10}, {3, 30}, {100, 100}, {5, 50}})).build();

    @Test
    void everyNodeGetsOneLoopWithTheMeanOfItsOtherIncomingFeatures() {
        SelfLoops loops = SelfLoops.of(g);
        assertSame(loops, SelfLoops.of(g), "built once per graph");
        Graph looped = loops.graph();
        INDArray e = loops.edgeAttr(Tensor.constant(g.edgeFeatures())).data();
        Map<String, double[]> byEdge = new HashMap<>();
        int[] s = looped.senders();
        int[] r = looped.receivers();
        for (int k = 0; k < s.length; k++) {
            byEdge.put(s[k] + "->" + r[k], e.getRow(k).toDoubleVector());
        }
        assertEquals(6, s.length, "three edges kept, the old loop dropped, three loops added");
        assertEquals(java.util.Set.of("0->1", "2->1", "1->2", "0->0", "1->1", "2->2"), byEdge.keySet());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {1, 10}, byEdge.get("0->1"));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {5, 50}, byEdge.get("1->2"));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0, 0}, byEdge.get("0->0"), "no incoming");
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {2, 20}, byEdge.get("1->1"), "mean of 1 and 3");
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {5, 50}, byEdge.get("2->2"));
        GradCheck.check(in -> loops.edgeAttr(in.get(0)), g.edgeFeatures());
    }
}
