package org.erlangen.gnn.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.erlangen.gnn.testing.Batches;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.BatchPermutations;
import org.erlangen.testing.Case;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GradCheck;
import org.erlangen.testing.Rows;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

class GPSLayerTest {
    private static INDArray run(GPSLayer layer, GraphBatch batch) {
        Graph g = batch.graph().withSelfLoops();
        return layer.forward(g, Tensor.constant(g.nodeFeatures()), AttentionPatterns.of(batch.nodesPerGraph()))
                .data();
    }

    @Test
    void isEquivariantToReorderingNodesWithinEachGraphAndTheGraphs() {
        Equivariance.assertEquivariant(BatchPermutations.graphsAndNodes(Rows.NODES), dtype -> {
            GPSLayer layer = GPSLayer.withGcn(4, 2, new Random(3), dtype);
            return Case.ofArray(Batches.random(new int[] {5, 3, 7}, 4, 2, dtype), b -> run(layer, b));
        });
    }

    @Test
    void attentionStaysWithinEachGraphAndLocalPartFollowsEdges() {
        GraphBatch batch = Batches.random(new int[] {4, 4}, 4, 4, DataType.DOUBLE);
        GPSLayer layer = GPSLayer.withGcn(4, 2, new Random(5), DataType.DOUBLE);
        INDArray y = run(layer, batch);
        // changing graph 1 leaves graph 0 alone
        Graph merged = batch.graph();
        INDArray x2 = merged.nodeFeatures().dup();
        x2.get(NDArrayIndex.interval(4, 8), NDArrayIndex.all()).addi(1.5);
        Graph changed = merged.toBuilder().nodeFeatures(x2).build().withSelfLoops();
        INDArray y2 = layer.forward(changed, Tensor.constant(x2), AttentionPatterns.of(batch.nodesPerGraph()))
                .data();
        INDArray first = y.get(NDArrayIndex.interval(0, 4), NDArrayIndex.all());
        assertTrue(first.equalsWithEps(y2.get(NDArrayIndex.interval(0, 4), NDArrayIndex.all()), 1e-12));
        assertFalse(y.get(NDArrayIndex.interval(4, 8), NDArrayIndex.all()).equalsWithEps(
                y2.get(NDArrayIndex.interval(4, 8), NDArrayIndex.all()), 1e-3));
        // without attention across graphs, one graph of 8 nodes must differ from two graphs of 4
        INDArray joined = layer.forward(merged.withSelfLoops(), Tensor.constant(merged.nodeFeatures()),
                AttentionPatterns.of(org.erlangen.sparse.Segments.ofSizes(new int[] {8}))).data();
        assertFalse(joined.equalsWithEps(y, 1e-3));
    }

    @Test
    void usesTheGivenLocalLayer() {
        GraphBatch batch = Batches.random(new int[] {3, 2}, 4, 6, DataType.DOUBLE);
        Graph g = batch.graph();
        Tensor x = Tensor.constant(g.nodeFeatures());
        AttentionPatterns p = AttentionPatterns.of(batch.nodesPerGraph());
        int[] calls = {0};
        GPSLayer layer = new GPSLayer(4, 1, null, (graph, h) -> {
            calls[0]++;
            return h.mul(0.0);
        }, new Random(7), DataType.DOUBLE);
        layer.forward(g, x, p);
        assertEquals(1, calls[0]);
        assertTrue(layer.namedParameters().keySet().stream().noneMatch(n -> n.startsWith("local")));
        assertTrue(GPSLayer.withGcn(4, 1, new Random(7), DataType.DOUBLE).namedParameters()
                .containsKey("local.weight"));
    }

    @Test
    void gradientsOfParametersAndInputMatchFiniteDifferences() {
        Random rng = new Random(8);
        // width 3 and one head keep the parameter count (and so the number of forward passes) small
        GraphBatch batch = Batches.random(new int[] {3, 2}, 3, 9, DataType.DOUBLE);
        Graph g = batch.graph().withSelfLoops();
        AttentionPatterns p = AttentionPatterns.of(batch.nodesPerGraph());
        GPSLayer layer = GPSLayer.withGcn(3, 1, new Random(10), DataType.DOUBLE);
        for (Tensor t : layer.parameters()) {
            t.data().addi(GradCheck.uniform(rng, -0.3, 0.3, t.shape()));
        }
        Tensor x = Tensor.constant(g.nodeFeatures());
        GradCheck.checkParameters(layer, () -> layer.forward(g, x, p));
        GradCheck.check(in -> layer.forward(g, in.get(0), p), g.nodeFeatures());
        GPSLayer twoHeads = GPSLayer.withGcn(4, 2, new Random(11), DataType.DOUBLE);
        GraphBatch wider = Batches.random(new int[] {3, 2}, 4, 9, DataType.DOUBLE);
        Graph w = wider.graph().withSelfLoops();
        GradCheck.check(in -> twoHeads.forward(w, in.get(0), AttentionPatterns.of(wider.nodesPerGraph())),
                w.nodeFeatures());
    }

    @Test
    void refusesFeaturesOfTheWrongWidth() {
        GraphBatch batch = Batches.random(new int[] {3}, 5, 11, DataType.DOUBLE);
        GPSLayer layer = GPSLayer.withGcn(4, 2, new Random(12), DataType.DOUBLE);
        var e = assertThrows(IllegalArgumentException.class, () -> run(layer, batch));
        assertTrue(e.getMessage().contains("[3, 4]"), e.getMessage());
    }
}
