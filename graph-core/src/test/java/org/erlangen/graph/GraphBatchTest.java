package org.erlangen.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.erlangen.sparse.Segments;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.BatchPermutations;
import org.erlangen.testing.Case;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.Rows;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class GraphBatchTest {
    /** A random graph with every part: 3 node features, 2 edge features, 3-d positions, int labels, 2 targets. */
    static Graph fullGraph(int n, int m, long seed) {
        Graph g = RandomGraphs.of(n, m).nodeFeatures(3).seed(seed).build();
        Random r = new Random(seed);
        float[] ef = new float[m * 2];
        for (int i = 0; i < ef.length; i++) {
            ef[i] = r.nextFloat();
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(4);
        }
        return g.toBuilder()
                .edgeFeatures(Nd4j.create(ef, new long[] {m, 2}, 'c'))
                .positions(Nd4j.rand(DataType.FLOAT, n, 3))
                .nodeTargets(Nd4j.createFromArray(labels))
                .graphTargets(Nd4j.createFromArray(r.nextFloat(), r.nextFloat()))
                .build();
    }

    static List<Graph> threeGraphs() {
        return List.of(fullGraph(5, 8, 1), fullGraph(7, 12, 2), fullGraph(4, 6, 3));
    }

    @Test
    void batchIsTheDisjointUnion() {
        List<Graph> graphs = threeGraphs();
        GraphBatch batch = GraphBatch.of(graphs);
        Graph merged = batch.graph();

        assertEquals(3, batch.size());
        assertEquals(16, merged.numNodes());
        assertEquals(26, merged.numEdges());
        assertArrayEquals(new int[] {0, 5, 12, 16}, batch.nodeOffsets());
        assertEquals(Segments.ofSizes(new int[] {5, 7, 4}), batch.nodesPerGraph());
        assertEquals(Segments.ofSizes(new int[] {8, 12, 6}), batch.edgesPerGraph());
        int[] expectedGraphOfNode = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2};
        assertArrayEquals(expectedGraphOfNode, batch.nodeToGraph());

        int[] s = merged.senders();
        int[] r = merged.receivers();
        for (int i = 0; i < 3; i++) {
            Graph g = graphs.get(i);
            int offset = batch.nodeOffsets()[i];
            int first = batch.edgesPerGraph().start(i);
            int[] gs = g.senders();
            int[] gr = g.receivers();
            for (int e = 0; e < g.numEdges(); e++) {
                assertEquals(gs[e] + offset, s[first + e], "sender of edge " + e + " of graph " + i);
                assertEquals(gr[e] + offset, r[first + e], "receiver of edge " + e + " of graph " + i);
            }
            int[] nodes = {offset, offset + g.numNodes()};
            int[] edges = {first, first + g.numEdges()};
            assertEquals(g.nodeFeatures(), rows(merged.nodeFeatures(), nodes));
            assertEquals(g.positions(), rows(merged.positions(), nodes));
            assertEquals(g.nodeTargets(), merged.nodeTargets().get(NDArrayIndex.interval(nodes[0], nodes[1])));
            assertEquals(g.edgeFeatures(), rows(merged.edgeFeatures(), edges));
            assertEquals(g.graphTargets(), batch.graphTargets().getRow(i));
        }
        assertArrayEquals(new long[] {3, 2}, batch.graphTargets().shape());
        assertEquals(DataType.INT, merged.nodeTargets().dataType());
        // Merged edges come out already sorted, so the builder kept them in the order given.
        for (int k = 0; k < merged.numEdges(); k++) {
            assertEquals(k, merged.edgeOrder()[k]);
        }
    }

    private static INDArray rows(INDArray a, int[] range) {
        return a.get(NDArrayIndex.interval(range[0], range[1]), NDArrayIndex.all());
    }

    @Test
    void segmentSumReadoutEqualsPerGraphSums() {
        List<Graph> graphs = threeGraphs();
        GraphBatch batch = GraphBatch.of(graphs);
        INDArray pooled = Sparse.segmentSum(Tensor.constant(batch.graph().nodeFeatures()), batch.nodesPerGraph())
                .data();
        assertArrayEquals(new long[] {3, 3}, pooled.shape());
        for (int i = 0; i < 3; i++) {
            INDArray expected = graphs.get(i).nodeFeatures().sum(0);
            assertTrue(expected.equalsWithEps(pooled.getRow(i), 1e-5), "graph " + i + ": " + expected + " vs "
                    + pooled.getRow(i));
        }
    }

    /** One sum-aggregation step then a sum readout: a per-graph output that depends on the edges. */
    private static Tensor messagePassingReadout(GraphBatch batch) {
        Graph g = batch.graph();
        Tensor x = Tensor.constant(g.nodeFeatures());
        Tensor h = Sparse.spmm(g.adjacency(), null, x).add(x).relu();
        return Sparse.segmentSum(h, batch.nodesPerGraph());
    }

    @Test
    void permutingTheGraphsPermutesTheOutputs() {
        Equivariance.assertEquivariant(BatchPermutations.graphsAndNodes(Rows.GRAPHS), dtype -> {
            List<Graph> graphs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Graph g = fullGraph(3 + i, 2 * (3 + i), 10 + i);
                graphs.add(g.toBuilder().nodeFeatures(g.nodeFeatures().castTo(dtype)).build());
            }
            return Case.of(GraphBatch.of(graphs), GraphBatchTest::messagePassingReadout);
        });
        // And each row equals the graph computed on its own.
        List<Graph> graphs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            graphs.add(fullGraph(3 + i, 2 * (3 + i), 10 + i));
        }
        INDArray out = messagePassingReadout(GraphBatch.of(graphs)).data();
        for (int i = 0; i < graphs.size(); i++) {
            INDArray alone = messagePassingReadout(GraphBatch.of(List.of(graphs.get(i)))).data();
            assertTrue(alone.getRow(0).equalsWithEps(out.getRow(i), 1e-5), "graph " + i);
        }
    }

    @Test
    void graphsWithoutOptionalPartsAndEmptyGraphsBatch() {
        Graph empty = Graph.builder(0).build();
        Graph a = RandomGraphs.of(3, 2).seed(4).build();
        GraphBatch batch = GraphBatch.of(List.of(a, empty, a));
        assertEquals(6, batch.graph().numNodes());
        assertEquals(4, batch.graph().numEdges());
        assertEquals(0, batch.nodesPerGraph().size(1));
        assertArrayEquals(new int[] {0, 3, 3, 6}, batch.nodeOffsets());
        assertNull(batch.graph().nodeFeatures());
        assertNull(batch.graphTargets());
    }

    @Test
    void scalarAndRowGraphTargetsFlattenToOneRowPerGraph() {
        Graph a = Graph.builder(2).graphTargets(Nd4j.scalar(1.5f)).build();
        Graph b = Graph.builder(1).graphTargets(Nd4j.scalar(-2f)).build();
        assertEquals(Nd4j.createFromArray(new float[][] {{1.5f}, {-2f}}), GraphBatch.of(List.of(a, b)).graphTargets());
        Graph c = Graph.builder(2).graphTargets(Nd4j.createFromArray(new double[][] {{1, 2}})).build();
        Graph d = Graph.builder(2).graphTargets(Nd4j.createFromArray(new double[][] {{3, 4}})).build();
        assertEquals(Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}}),
                GraphBatch.of(List.of(c, d)).graphTargets());
    }

    @Test
    void mismatchedGraphsAreRejectedByIndex() {
        Graph withFeatures = RandomGraphs.of(4, 3).nodeFeatures(3).seed(1).build();
        Graph without = RandomGraphs.of(4, 3).seed(2).build();
        Graph wider = RandomGraphs.of(4, 3).nodeFeatures(5).seed(3).build();
        Graph doubles = withFeatures.toBuilder().nodeFeatures(withFeatures.nodeFeatures().castTo(DataType.DOUBLE))
                .build();

        String missing = assertThrows(IllegalArgumentException.class,
                () -> GraphBatch.of(List.of(withFeatures, withFeatures, without))).getMessage();
        assertTrue(missing.contains("graph 2") && missing.contains("node features"), missing);
        String width = assertThrows(IllegalArgumentException.class,
                () -> GraphBatch.of(List.of(withFeatures, wider))).getMessage();
        assertTrue(width.contains("graph 1") && width.contains("[4, 5]") && width.contains("[3]"), width);
        String dtype = assertThrows(IllegalArgumentException.class,
                () -> GraphBatch.of(List.of(withFeatures, doubles))).getMessage();
        assertTrue(dtype.contains("graph 1") && dtype.contains("DOUBLE"), dtype);
        assertThrows(IllegalArgumentException.class, () -> GraphBatch.of(List.of()));
    }

    @Test
    void thousandsOfMoleculeSizedGraphsBatchQuickly() {
        List<Graph> graphs = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            graphs.add(RandomGraphs.of(20, 40).symmetric(true).nodeFeatures(16).seed(i).build().toBuilder()
                    .graphTargets(Nd4j.createFromArray((float) i)).build());
        }
        GraphBatch.of(graphs.subList(0, 100)); // warm up
        long start = System.nanoTime();
        GraphBatch batch = GraphBatch.of(graphs);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(80_000, batch.graph().numNodes());
        assertEquals(160_000, batch.graph().numEdges());
        assertEquals(3999f, batch.graphTargets().getFloat(3999, 0));
        // Generous bound for a shared machine; per-node native ops would take seconds here.
        assertTrue(ms < 2000, "batching 4000 graphs took " + ms + " ms");
    }
}
