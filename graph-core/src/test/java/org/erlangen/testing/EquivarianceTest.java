package org.erlangen.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.graph.RandomGraphs;
import org.erlangen.sparse.Segments;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.opentest4j.AssertionFailedError;

/** The kit itself: every action passes an equivariant function and catches one that is not. */
class EquivarianceTest {
    /** A random graph with node features, edge features and positions in {@code dtype}. */
    private static Graph graph(int n, int m, long seed, DataType dtype) {
        Graph g = RandomGraphs.of(n, m).nodeFeatures(3).seed(seed).build();
        Random random = new Random(seed + 1);
        return g.toBuilder().nodeFeatures(g.nodeFeatures().castTo(dtype))
                .edgeFeatures(GradCheck.uniform(random, -1, 1, m, 2).castTo(dtype))
                .positions(GradCheck.uniform(random, -2, 2, n, 3).castTo(dtype)).build();
    }

    private static Tensor x(Graph g) {
        return Tensor.constant(g.nodeFeatures());
    }

    /** One step of message passing with the edge features: equivariant, whatever the numbering. */
    private static Tensor messagePassing(Graph g) {
        Tensor messages = Ops.mul(Sparse.indexSelect(x(g), g.senders()),
                Tensor.constant(g.edgeFeatures().sum(true, 1)));
        return Ops.add(x(g), Sparse.segmentSum(messages, g.adjacency().rows()));
    }

    /** The same, plus each node's index: the deliberate mistake. */
    private static Tensor usesTheNodeIndex(Graph g) {
        INDArray index = Nd4j.arange(g.numNodes()).castTo(g.nodeFeatures().dataType()).reshape(g.numNodes(), 1);
        return Ops.add(messagePassing(g), Tensor.constant(index.repeat(1, 3)));
    }

    private static AssertionFailedError failure(Runnable check) {
        return assertThrows(AssertionFailedError.class, check::run);
    }

    @Test
    void nodePermutationsPassMessagePassingAndCatchTheNodeIndex() {
        Group<Graph> group = GraphPermutations.renumberNodes(Rows.NODES);
        Equivariance.assertEquivariant(group, dtype -> Case.of(graph(20, 60, 1, dtype),
                EquivarianceTest::messagePassing));
        var e = failure(() -> Equivariance.assertEquivariant(group, dtype -> Case.of(graph(20, 60, 1, dtype),
                EquivarianceTest::usesTheNodeIndex).named("IndexLayer")));
        String message = e.getMessage();
        for (String part : List.of("IndexLayer is not equivariant", "node permutations", "DOUBLE", "seed 41",
                "worst entry [", "tolerance 1.0E-10", "nodes to [")) {
            assertTrue(message.contains(part), "the message should name " + part + ": " + message);
        }
    }

    @Test
    void aGraphReadoutIsInvariantAndTheFirstNodeIsNot() {
        Group<Graph> group = GraphPermutations.renumberNodes(Rows.NODES);
        Equivariance.assertInvariant(group, dtype -> Case.of(graph(15, 40, 2, dtype),
                g -> Sparse.segmentSum(messagePassing(g), Segments.ofSizes(new int[] {g.numNodes()}))));
        failure(() -> Equivariance.assertInvariant(group, dtype -> Case.of(graph(15, 40, 2, dtype),
                g -> Sparse.indexSelect(messagePassing(g), new int[] {0}))));
    }

    @Test
    void edgeOutputsFollowTheirEdges() {
        // per stored edge: the sender's features minus twice the receiver's, times the edge's own features
        Function<Graph, Tensor> perEdge = g -> Ops.mul(Ops.sub(Sparse.indexSelect(x(g), g.senders()),
                Ops.mul(Sparse.indexSelect(x(g), g.receivers()), 2.0)),
                Tensor.constant(g.edgeFeatures().getColumn(0).reshape(g.numEdges(), 1)));
        for (Group<Graph> group : List.of(GraphPermutations.renumberNodes(Rows.EDGES),
                GraphPermutations.shuffleEdges(Rows.EDGES))) {
            Equivariance.assertEquivariant(group, dtype -> Case.of(graph(12, 50, 3, dtype), perEdge));
            failure(() -> Equivariance.assertEquivariant(group, dtype -> Case.ofArray(graph(12, 50, 3, dtype),
                    g -> perEdge.apply(g).data().add(Nd4j.arange(g.numEdges()).castTo(dtype)
                            .reshape(g.numEdges(), 1)))));
        }
        // node outputs do not see the order of edges
        Equivariance.assertInvariant(GraphPermutations.shuffleEdges(Rows.NODES),
                dtype -> Case.of(graph(12, 50, 3, dtype), EquivarianceTest::messagePassing));
    }

    private static GraphBatch batch(DataType dtype) {
        return GraphBatch.of(List.of(graph(4, 8, 4, dtype), graph(7, 15, 5, dtype), Graph.builder(0).build()
                .toBuilder().nodeFeatures(Nd4j.create(dtype, 0, 3)).edgeFeatures(Nd4j.create(dtype, 0, 2))
                .positions(Nd4j.create(dtype, 0, 3)).build(), graph(5, 9, 6, dtype)));
    }

    private static Tensor perGraphReadout(GraphBatch b) {
        return Sparse.segmentSum(messagePassing(b.graph()), b.nodesPerGraph());
    }

    @Test
    void batchPermutationsMoveGraphRowsAndNodeRows() {
        Equivariance.assertEquivariant(BatchPermutations.reorderGraphs(Rows.GRAPHS),
                dtype -> Case.of(batch(dtype), EquivarianceTest::perGraphReadout));
        Equivariance.assertEquivariant(BatchPermutations.graphsAndNodes(Rows.GRAPHS),
                dtype -> Case.of(batch(dtype), EquivarianceTest::perGraphReadout));
        Equivariance.assertInvariant(BatchPermutations.withinGraphs(Rows.GRAPHS),
                dtype -> Case.of(batch(dtype), EquivarianceTest::perGraphReadout));
        Equivariance.assertEquivariant(BatchPermutations.graphsAndNodes(Rows.NODES),
                dtype -> Case.of(batch(dtype), b -> messagePassing(b.graph())));
        failure(() -> Equivariance.assertEquivariant(BatchPermutations.graphsAndNodes(Rows.NODES),
                dtype -> Case.of(batch(dtype), b -> usesTheNodeIndex(b.graph()))));
        // a readout that mixes graphs up is caught when the graphs are reordered
        failure(() -> Equivariance.assertEquivariant(BatchPermutations.reorderGraphs(Rows.GRAPHS),
                dtype -> Case.of(batch(dtype), b -> Ops.mul(perGraphReadout(b), Tensor.constant(Nd4j.arange(4)
                        .castTo(dtype).reshape(4, 1).addi(1))))));
    }

    @Test
    void graphsOfABatchComeBackWithEveryPart() {
        GraphBatch b = batch(DataType.DOUBLE);
        List<Graph> graphs = BatchPermutations.graphs(b);
        assertEquals(4, graphs.size());
        GraphBatch again = GraphBatch.of(graphs);
        assertEquals(b.graph().nodeFeatures(), again.graph().nodeFeatures());
        assertEquals(b.graph().edgeFeatures(), again.graph().edgeFeatures());
        assertEquals(b.graph().positions(), again.graph().positions());
        assertEquals(List.of(b.graph().senders().length, b.nodesPerGraph()),
                List.of(again.graph().senders().length, again.nodesPerGraph()));
        assertTrue(java.util.Arrays.equals(b.graph().senders(), again.graph().senders())
                && java.util.Arrays.equals(b.graph().receivers(), again.graph().receivers()));
    }

    @Test
    void setPermutationsMoveElementsWithinTheirSets() {
        Segments sets = Segments.ofSizes(new int[] {3, 0, 1, 5});
        Function<DataType, SetBatch> input = dtype -> new SetBatch(GradCheck.uniform(new Random(7), -1, 1, 9, 2)
                .castTo(dtype), sets);
        // each element minus its set's mean: equivariant; the set means: invariant
        Function<SetBatch, Tensor> centred = s -> Ops.sub(Tensor.constant(s.elements()),
                Sparse.expand(Sparse.segmentMean(Tensor.constant(s.elements()), s.sets()), s.sets()));
        Equivariance.assertEquivariant(SetPermutations.withinSets(), dtype -> Case.of(input.apply(dtype), centred));
        Equivariance.assertInvariant(SetPermutations.withinSets(), dtype -> Case.of(input.apply(dtype),
                s -> Sparse.segmentMean(Tensor.constant(s.elements()), s.sets())));
        // a running sum sees the order
        failure(() -> Equivariance.assertEquivariant(SetPermutations.withinSets(), dtype -> Case.ofArray(
                input.apply(dtype), s -> s.elements().cumsum(0))));
    }

    /** Per node: the sum of distances to all other nodes (invariant); from the centroid (a vector); itself. */
    private static INDArray distanceSums(Graph g) {
        INDArray p = g.positions();
        INDArray out = Nd4j.create(p.dataType(), p.size(0), 1);
        for (int i = 0; i < p.size(0); i++) {
            out.putScalar(i, 0, p.sub(p.getRow(i)).norm2(1).sumNumber().doubleValue());
        }
        return out;
    }

    private static INDArray fromCentroid(Graph g) {
        return g.positions().subRowVector(g.positions().mean(0));
    }

    /** The triple product of the first three points from the centroid, per node: invariant under rotations only. */
    private static INDArray handedness(Graph g) {
        INDArray c = fromCentroid(g).castTo(DataType.DOUBLE);
        double[] a = c.getRow(0).toDoubleVector();
        double[] b = c.getRow(1).toDoubleVector();
        double[] d = c.getRow(2).toDoubleVector();
        double triple = a[0] * (b[1] * d[2] - b[2] * d[1]) - a[1] * (b[0] * d[2] - b[2] * d[0])
                + a[2] * (b[0] * d[1] - b[1] * d[0]);
        return distanceSums(g).add(triple);
    }

    @Test
    void rigidMotionsKeepScalarsTurnVectorsAndMovePoints() {
        for (Euclidean.Output kind : Euclidean.Output.values()) {
            for (Group<Graph> group : List.of(Euclidean.rotations(kind), Euclidean.reflections(kind),
                    Euclidean.translations(kind))) {
                Function<Graph, INDArray> f = switch (kind) {
                    case SCALARS -> EquivarianceTest::distanceSums;
                    case VECTORS -> EquivarianceTest::fromCentroid;
                    case POINTS -> Graph::positions;
                };
                Equivariance.assertEquivariant(group, dtype -> Case.ofArray(graph(8, 10, 8, dtype), f));
            }
        }
        Euclidean.Output points = Euclidean.Output.POINTS;
        failure(() -> Equivariance.assertInvariant(Euclidean.rotations(points),
                dtype -> Case.ofArray(graph(8, 10, 8, dtype), Graph::positions)));
        failure(() -> Equivariance.assertEquivariant(Euclidean.translations(Euclidean.Output.VECTORS),
                dtype -> Case.ofArray(graph(8, 10, 8, dtype), Graph::positions)));
        // a chiral quantity: invariant under rotations, caught by reflections
        Equivariance.assertInvariant(Euclidean.rotations(points), dtype -> Case.ofArray(graph(8, 10, 9, dtype),
                EquivarianceTest::handedness));
        failure(() -> Equivariance.assertInvariant(Euclidean.reflections(points), dtype -> Case.ofArray(
                graph(8, 10, 9, dtype), EquivarianceTest::handedness)));
    }

    @Test
    void twoGroupsAtOnce() {
        Group<Graph> both = GraphPermutations.renumberNodes(Rows.NODES)
                .then(Euclidean.rotations(Euclidean.Output.POINTS))
                .then(Euclidean.translations(Euclidean.Output.POINTS));
        Equivariance.assertEquivariant(both, dtype -> Case.ofArray(graph(10, 20, 10, dtype), Graph::positions));
        var e = failure(() -> Equivariance.assertEquivariant(both, dtype -> Case.ofArray(graph(10, 20, 10, dtype),
                g -> g.positions().dup().addi(Nd4j.arange(10).castTo(dtype).reshape(10, 1).repeat(1, 3)))));
        assertTrue(e.getMessage().contains("then rotations") && e.getMessage().contains("t = ["), e.getMessage());
    }

    @Test
    void tolerancesAreStatedOnceAndApproximateLayersStateTheirOwn() {
        assertEquals(1e-10, Tolerance.exact(DataType.DOUBLE).bound());
        assertEquals(1e-5, Tolerance.exact(DataType.FLOAT).bound());
        assertThrows(IllegalArgumentException.class, () -> Tolerance.exact(DataType.INT));
        assertThrows(IllegalArgumentException.class, () -> new Tolerance(-1));
        // absolute below magnitude 1, relative above
        assertEquals(1e-3, Tolerance.FLOAT64.error(0.5, 0.501), 1e-12);
        assertEquals(1e-3, Tolerance.FLOAT64.error(1000, 1001), 1e-6);
        assertEquals(1, Tolerance.absolute(1e-10).error(1000, 1001), 1e-9);
        // a function off by 1e-7: too much for float64's exact bound, within a stated one
        Case<Graph> slightlyOff = Case.ofArray(graph(6, 10, 11, DataType.DOUBLE), g -> {
            INDArray y = messagePassing(g).data().dup();
            y.putScalar(0, 0, y.getDouble(0, 0) + 1e-7 * (g.nodeFeatures().getDouble(0, 0) > -2 ? 1 : 0));
            return y;
        });
        Group<Graph> group = GraphPermutations.renumberNodes(Rows.NODES);
        failure(() -> Equivariance.assertEquivariant(group, slightlyOff));
        Equivariance.assertEquivariant(group, slightlyOff, new Tolerance(1e-6));
        Comparison c = Equivariance.compare(group, slightlyOff);
        assertEquals(1e-7, c.worstAbsolute(), 1e-9);
        assertTrue(Double.isInfinite(Equivariance.compare(group, Case.ofArray(slightlyOff.input(),
                g -> Nd4j.valueArrayOf(new long[] {6, 3}, Double.NaN))).worst()), "NaN is never close");
    }
}
