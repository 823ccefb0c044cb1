package org.erlangen.gnn.geometric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.erlangen.graph.Graph;
import org.erlangen.kernels.Vectorization;
import org.erlangen.sparse.Sparse;
import org.erlangen.sparse.SparseBackend;
import org.erlangen.tensor.Activations;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Reductions;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** SchNet's fused operations against the same computation written with separate tensor operations. */
class FusedKernelsTest {
    private final Random random = new Random(5);

    /** A radius graph of 7 atoms with edges in both directions and some atoms out of each other's reach. */
    private Graph graph() {
        return TestMolecules.graph(TestMolecules.randomPositions(7, 4.0, random), new int[7], 3.5, 0,
                DataType.DOUBLE);
    }

    private static Tensor unfused(Graph g, Tensor x, Tensor w, Tensor c) {
        return Sparse.segmentSum(Sparse.gatherCols(x, g.adjacency()).mul(w.mul(c)), g.adjacency().rows());
    }

    /** Value and gradients of {@code sum(f(inputs) * weights)} for fresh parameter copies of {@code inputs}. */
    private static INDArray[] valueAndGradients(Function<List<Tensor>, Tensor> f, INDArray weights,
            INDArray... inputs) {
        List<Tensor> params = java.util.Arrays.stream(inputs).map(a -> Tensor.parameter(a.dup())).toList();
        Tensor out = f.apply(params);
        Reductions.sum(out.mul(Tensor.constant(weights.castTo(out.dtype())))).backward();
        INDArray[] result = new INDArray[1 + inputs.length];
        result[0] = out.data().castTo(DataType.DOUBLE);
        for (int i = 0; i < inputs.length; i++) {
            result[1 + i] = params.get(i).grad().castTo(DataType.DOUBLE);
        }
        return result;
    }

    private static void assertClose(INDArray[] expected, INDArray[] actual, double tolerance) {
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(1, expected[i].amaxNumber().doubleValue());
            double diff = expected[i].sub(actual[i]).amaxNumber().doubleValue();
            assertTrue(diff <= tolerance * scale, "part " + i + " differs by " + diff);
        }
    }

    @Test
    void filterConvolutionMatchesGatherMultiplyAndSumWithGradients() {
        Graph g = graph();
        int n = g.numNodes();
        int e = g.numEdges();
        assertTrue(e > 10 && e < n * (n - 1), "the graph should have some but not all pairs: " + e);
        for (int f : new int[] {3, 16, 19}) { // below, at and beyond a vector length, with a scalar tail
            INDArray x = GradCheck.uniform(random, -1, 1, n, f);
            INDArray w = GradCheck.uniform(random, -1, 1, e, f);
            INDArray c = GradCheck.uniform(random, 0, 1, e, 1);
            INDArray weights = GradCheck.uniform(random, -1, 1, n, f);
            Function<List<Tensor>, Tensor> fused = in -> FilterConvolution.apply(g.adjacency(), in.get(0),
                    in.get(1), in.get(2));
            Function<List<Tensor>, Tensor> reference = in -> unfused(g, in.get(0), in.get(1), in.get(2));
            INDArray[] expected = valueAndGradients(reference, weights, x, w, c);
            assertClose(expected, valueAndGradients(fused, weights, x, w, c), 1e-12);
            boolean vector = Vectorization.enabled();
            try {
                for (boolean on : new boolean[] {true, false}) {
                    Vectorization.setEnabled(on);
                    assertClose(expected, valueAndGradients(fused, weights, x.castTo(DataType.FLOAT),
                            w.castTo(DataType.FLOAT), c.castTo(DataType.FLOAT)), 1e-5);
                }
            } finally {
                Vectorization.setEnabled(vector);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SparseBackend.class)
    void filterConvolutionGradientsMatchFiniteDifferences(SparseBackend backend) {
        try (var scope = SparseBackend.use(backend)) {
            Graph g = graph();
            GradCheck.check(in -> FilterConvolution.apply(g.adjacency(), in.get(0), in.get(1), in.get(2)),
                    GradCheck.uniform(random, -1, 1, g.numNodes(), 4), GradCheck.uniform(random, -1, 1, g.numEdges(), 4),
                    GradCheck.uniform(random, 0, 1, g.numEdges(), 1));
        }
    }

    @Test
    void filterConvolutionRefusesMismatchedShapes() {
        Graph g = graph();
        Tensor x = Tensor.constant(GradCheck.uniform(random, -1, 1, g.numNodes(), 4));
        Tensor c = Tensor.constant(GradCheck.uniform(random, 0, 1, g.numEdges(), 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FilterConvolution.apply(
                g.adjacency(), x, Tensor.constant(GradCheck.uniform(random, -1, 1, g.numEdges(), 5)), c));
        assertTrue(e.getMessage().contains("filters [" + g.numEdges() + ", 4]"), e.getMessage());
    }

    @Test
    void fusedShiftedSoftplusMatchesTheTensorOperations() {
        // large magnitudes too, where a naive log(1 + exp(x)) overflows
        INDArray x = GradCheck.uniform(random, -30, 30, 37, 11);
        INDArray weights = GradCheck.uniform(random, -1, 1, 37, 11);
        Function<List<Tensor>, Tensor> reference = in -> Ops.add(Activations.softplus(in.get(0)), -Math.log(2));
        INDArray[] expected = valueAndGradients(reference, weights, x);
        assertEquals(0, expected[0].getDouble(0) - ShiftedSoftplus.apply(Tensor.constant(
                x.getScalar(0, 0).reshape(1, 1))).data().getDouble(0), 1e-12, "float64 path");
        assertClose(expected, valueAndGradients(in -> ShiftedSoftplus.apply(in.get(0)), weights,
                x.castTo(DataType.FLOAT)), 1e-6);
        Tensor zero = ShiftedSoftplus.apply(Tensor.constant(org.nd4j.linalg.factory.Nd4j.zeros(DataType.FLOAT, 2, 9)));
        assertEquals(0, zero.data().amaxNumber().doubleValue(), 1e-7, "ssp(0) = 0");
    }

    @Test
    void atomPairsJoinBothDirectionsAndKeepLoneEdgesApart() {
        Graph g = graph();
        AtomPairs pairs = AtomPairs.of(g.adjacency());
        int[] senders = g.senders();
        int[] receivers = g.receivers();
        assertEquals(g.numEdges(), 2 * pairs.count(), "a radius graph holds both directions of every pair");
        int[] edgesPerPair = new int[pairs.count()];
        for (int k = 0; k < senders.length; k++) {
            int rep = pairs.representative()[pairs.pairOf()[k]];
            edgesPerPair[pairs.pairOf()[k]]++;
            assertEquals(Math.min(senders[k], receivers[k]), Math.min(senders[rep], receivers[rep]));
            assertEquals(Math.max(senders[k], receivers[k]), Math.max(senders[rep], receivers[rep]));
            assertTrue(senders[rep] <= receivers[rep]);
        }
        assertTrue(java.util.Arrays.stream(edgesPerPair).allMatch(c -> c == 2));
        // one direction only: 0 -> 1 and 1 -> 2 and 2 -> 1; the lone edge keeps a pair of its own
        Graph directed = Graph.builder(3).edges(new int[] {0, 1, 2}, new int[] {1, 2, 1}).build();
        AtomPairs some = AtomPairs.of(directed.adjacency());
        assertEquals(2, some.count());
    }

    @ParameterizedTest
    @EnumSource(SparseBackend.class)
    void sharedPairFiltersEqualTheSameFiltersRepeatedPerEdge(SparseBackend backend) {
        try (var scope = SparseBackend.use(backend)) {
            Graph g = graph();
            AtomPairs pairs = AtomPairs.of(g.adjacency());
            INDArray x = GradCheck.uniform(random, -1, 1, g.numNodes(), 5);
            INDArray w = GradCheck.uniform(random, -1, 1, pairs.count(), 5);
            INDArray c = GradCheck.uniform(random, 0, 1, pairs.count(), 1);
            INDArray weights = GradCheck.uniform(random, -1, 1, g.numNodes(), 5);
            INDArray[] expected = valueAndGradients(in -> unfused(g, in.get(0), Sparse.indexSelect(in.get(1),
                    pairs.pairOf()), Sparse.indexSelect(in.get(2), pairs.pairOf())), weights, x, w, c);
            Function<List<Tensor>, Tensor> shared = in -> FilterConvolution.apply(g.adjacency(), pairs.pairOf(),
                    in.get(0), in.get(1), in.get(2));
            assertClose(expected, valueAndGradients(shared, weights, x, w, c), 1e-12);
            assertClose(expected, valueAndGradients(shared, weights, x.castTo(DataType.FLOAT), w.castTo(DataType.FLOAT),
                    c.castTo(DataType.FLOAT)), 1e-5);
            GradCheck.check(in -> FilterConvolution.apply(g.adjacency(), pairs.pairOf(), in.get(0), in.get(1), in.get(2)),
                    x, w, c);
        }
    }
}
