package org.erlangen.gnn.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.erlangen.gnn.testing.Batches;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.graph.RandomGraphs;
import org.erlangen.sparse.Segments;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.BatchPermutations;
import org.erlangen.testing.Case;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GradCheck;
import org.erlangen.testing.Rows;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TopKPoolingTest {
    /** Graphs of the given sizes with edge features (the edge's index in the input) and one graph target each. */
    private static GraphBatch batch(int[] sizes, long seed) {
        List<Graph> graphs = new ArrayList<>();
        for (int b = 0; b < sizes.length; b++) {
            int n = sizes[b];
            Graph g = RandomGraphs.of(n, (int) Math.min(3L * n, (long) n * (n - 1))).nodeFeatures(3)
                    .seed(seed + b).build();
            double[][] ef = new double[g.numEdges()][2];
            for (int e = 0; e < ef.length; e++) {
                ef[e] = new double[] {b, e};
            }
            graphs.add(g.toBuilder().nodeFeatures(g.nodeFeatures().castTo(DataType.DOUBLE))
                    .edgeFeatures(ef.length == 0 ? Nd4j.create(DataType.DOUBLE, 0, 2) : Nd4j.createFromArray(ef))
                    .graphTargets(Nd4j.createFromArray(10.0 * b)).build());
        }
        return GraphBatch.of(graphs);
    }

    private static double[] scoresByHand(TopKPooling pool, INDArray x) {
        INDArray p = pool.namedParameters().get("weight").data();
        double norm = p.norm2Number().doubleValue();
        double[] s = new double[(int) x.size(0)];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.tanh(x.getRow(i).mul(p.reshape(p.length())).sumNumber().doubleValue() / norm);
        }
        return s;
    }

    @Test
    void keepsTheTopScoresOfEachGraphScaledByTheirTanhScore() {
        GraphBatch batch = batch(new int[] {5, 1, 4, 3}, 1);
        INDArray x = batch.graph().nodeFeatures();
        TopKPooling pool = new TopKPooling(3, 0.5, new Random(2), DataType.DOUBLE);
        TopKPooling.Pooled out = pool.forward(batch, Tensor.constant(x));
        double[] s = scoresByHand(pool, x);
        List<Integer> expected = new ArrayList<>();
        Segments nodes = batch.nodesPerGraph();
        int[] k = {3, 1, 2, 2}; // ceil(0.5 n)
        for (int b = 0; b < 4; b++) {
            List<Integer> ids = new ArrayList<>();
            for (int i = nodes.start(b); i < nodes.end(b); i++) {
                ids.add(i);
            }
            ids.sort((u, v) -> Double.compare(s[v], s[u]));
            expected.addAll(ids.subList(0, k[b]));
        }
        assertArrayEquals(expected.stream().mapToInt(Integer::intValue).toArray(), out.kept());
        assertArrayEquals(new int[] {0, 3, 4, 6, 8}, out.batch().nodeOffsets());
        for (int j = 0; j < out.kept().length; j++) {
            int i = out.kept()[j];
            assertEquals(s[i], out.score().data().getDouble(j, 0), 1e-12);
            for (int f = 0; f < 3; f++) {
                assertEquals(x.getDouble(i, f) * s[i], out.x().data().getDouble(j, f), 1e-12);
            }
        }
    }

    @Test
    void keepsExactlyTheEdgesBetweenKeptNodesWithTheirFeaturesAndTheGraphTargets() {
        GraphBatch batch = batch(new int[] {6, 4, 5}, 3);
        TopKPooling pool = new TopKPooling(3, 0.6, new Random(4), DataType.DOUBLE);
        TopKPooling.Pooled out = pool.forward(batch, Tensor.constant(batch.graph().nodeFeatures()));
        int[] kept = out.kept();
        int[] newIndex = new int[batch.graph().numNodes()];
        Arrays.fill(newIndex, -1);
        for (int j = 0; j < kept.length; j++) {
            newIndex[kept[j]] = j;
        }
        Set<String> expected = new HashSet<>();
        Graph g = batch.graph();
        int[] s = g.senders();
        int[] r = g.receivers();
        for (int e = 0; e < s.length; e++) {
            if (newIndex[s[e]] >= 0 && newIndex[r[e]] >= 0) {
                INDArray ef = g.edgeFeatures().getRow(e);
                expected.add(newIndex[s[e]] + "->" + newIndex[r[e]] + " " + ef.getDouble(0) + "/" + ef.getDouble(1));
            }
        }
        Set<String> actual = new HashSet<>();
        Graph pooled = out.batch().graph();
        int[] ps = pooled.senders();
        int[] pr = pooled.receivers();
        for (int e = 0; e < ps.length; e++) {
            INDArray ef = pooled.edgeFeatures().getRow(e);
            actual.add(ps[e] + "->" + pr[e] + " " + ef.getDouble(0) + "/" + ef.getDouble(1));
        }
        assertEquals(expected.size(), ps.length, "no duplicated edges");
        assertEquals(expected, actual);
        assertTrue(!expected.isEmpty(), "the test graph keeps some edges");
        assertArrayEquals(new double[] {0, 10, 20}, out.batch().graphTargets().reshape(3).toDoubleVector(), 0);
        assertArrayEquals(new int[] {0, 4, 7, 10}, out.batch().nodeOffsets(), "ceil(0.6 n) = 4, 3, 3");
    }

    @Test
    void roundsTheKeptCountUpWithoutFloatingPointSurprises() {
        Segments nodes = Segments.ofSizes(new int[] {10, 3, 0, 1});
        INDArray score = GradCheck.distinct(new Random(5), 14, 1);
        assertEquals(7 + 3 + 0 + 1, TopKPooling.select(score, nodes, 0.7).length, "0.7 * 10 is 7, not 8");
        assertEquals(14, TopKPooling.select(score, nodes, 1.0).length);
        assertEquals(1 + 1 + 0 + 1, TopKPooling.select(score, nodes, 0.01).length);
    }

    /** Top-k pooling in each data type, of which the test reads one part. */
    private static Function<DataType, Case<GraphBatch>> pooled(String part,
            BiFunction<TopKPooling.Pooled, GraphBatch, INDArray> read) {
        return dtype -> {
            TopKPooling pool = new TopKPooling(3, 0.5, new Random(8), dtype);
            return Case.ofArray(Batches.random(new int[] {7, 2, 5}, 3, 6, dtype),
                    b -> read.apply(pool.forward(b, Tensor.constant(b.graph().nodeFeatures())), b)).named(part);
        };
    }

    /** For each node of the batch, its place among the kept nodes, or -1: a node-level output. */
    private static INDArray placeAmongKept(TopKPooling.Pooled pooled, GraphBatch batch) {
        INDArray place = Nd4j.valueArrayOf(new long[] {batch.graph().numNodes(), 1}, -1.0);
        int[] kept = pooled.kept();
        for (int j = 0; j < kept.length; j++) {
            place.putScalar(kept[j], 0, j);
        }
        return place;
    }

    @Test
    void poolingCommutesWithReorderingNodesWithinGraphs() {
        // the same nodes are kept, in the same order of score, under their new names; so the pooled features, the
        // scores, the pooled graph's edge count and its readout do not change
        BatchPermutations group = BatchPermutations.withinGraphs(Rows.NODES);
        Equivariance.assertEquivariant(group, pooled("the kept nodes", TopKPoolingTest::placeAmongKept));
        Equivariance.assertInvariant(group, pooled("the pooled features", (p, b) -> p.x().data()));
        Equivariance.assertInvariant(group, pooled("the scores", (p, b) -> p.score().data()));
        Equivariance.assertInvariant(group, pooled("the pooled graphs' edge count",
                (p, b) -> Nd4j.createFromArray(new double[][] {{p.batch().graph().numEdges()}})));
        Equivariance.assertInvariant(group, pooled("the readout of the pooled graphs",
                (p, b) -> GlobalPool.SUM.apply(p.x(), p.batch()).data()));
    }

    @Test
    void gradientsReachTheProjectionThroughTheScoreAndTheInput() {
        GraphBatch batch = batch(new int[] {4, 3}, 9);
        TopKPooling pool = new TopKPooling(3, 0.5, new Random(10), DataType.DOUBLE);
        INDArray x = batch.graph().nodeFeatures();
        GradCheck.checkParameters(pool, () -> pool.forward(batch, Tensor.constant(x)).x());
        GradCheck.check(in -> pool.forward(batch, in.get(0)).x(), x);
    }

    @Test
    void refusesARatioOutsideZeroToOne() {
        var e = assertThrows(IllegalArgumentException.class, () -> new TopKPooling(3, 1.5, new Random(11),
                DataType.DOUBLE));
        assertTrue(e.getMessage().contains("1.5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TopKPooling(3, 0, new Random(11), DataType.DOUBLE));
    }
}
