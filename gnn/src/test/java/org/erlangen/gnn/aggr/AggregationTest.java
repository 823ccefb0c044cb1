package org.erlangen.gnn.aggr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.erlangen.gnn.conv.MessagePassing;
import org.erlangen.gnn.conv.Messages;
import org.erlangen.graph.Graph;
import org.erlangen.graph.RandomGraphs;
import org.erlangen.sparse.Segments;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.Case;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GradCheck;
import org.erlangen.testing.GraphPermutations;
import org.erlangen.testing.Rows;
import org.erlangen.testing.SetBatch;
import org.erlangen.testing.SetPermutations;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AggregationTest {
    /** Segment sizes with an empty segment and a single-message one. */
    private static final int[] SIZES = {3, 0, 1, 5, 2, 4};
    private static final Segments SEGMENTS = Segments.ofSizes(SIZES);
    private static final int F = 3;

    /** A reduction of one segment's messages (rows) for one feature column, written out independently. */
    private interface Reference {
        double apply(double[] column);
    }

    private static double[][] expected(double[][] m, Reference ref) {
        double[][] out = new double[SIZES.length][F];
        for (int s = 0; s < SIZES.length; s++) {
            for (int f = 0; f < F; f++) {
                double[] column = new double[SEGMENTS.size(s)];
                for (int k = 0; k < column.length; k++) {
                    column[k] = m[SEGMENTS.start(s) + k][f];
                }
                out[s][f] = column.length == 0 ? 0.0 : ref.apply(column);
            }
        }
        return out;
    }

    private static double sum(double[] c) {
        double s = 0;
        for (double v : c) {
            s += v;
        }
        return s;
    }

    private static double mean(double[] c) {
        return sum(c) / c.length;
    }

    private static double variance(double[] c) {
        double mu = mean(c);
        double s = 0;
        for (double v : c) {
            s += (v - mu) * (v - mu);
        }
        return s / c.length;
    }

    private static double softmaxSum(double[] c, double t) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : c) {
            max = Math.max(max, t * v);
        }
        double z = 0;
        double s = 0;
        for (double v : c) {
            double w = Math.exp(t * v - max);
            z += w;
            s += w * v;
        }
        return s / z;
    }

    private static INDArray messages(long seed) {
        return GradCheck.distinct(new Random(seed), SEGMENTS.total(), F);
    }

    private static void assertMatches(Aggregation a, Reference ref) {
        INDArray m = messages(1);
        INDArray y = a.aggregate(Tensor.constant(m), SEGMENTS).data();
        INDArray expected = Nd4j.createFromArray(expected(m.toDoubleMatrix(), ref));
        assertTrue(expected.equalsWithEps(y, 1e-12), a.getClass().getSimpleName() + ": expected\n" + expected
                + "\ngot\n" + y);
    }

    @Test
    void eachAggregationMatchesItsDefinition() {
        assertMatches(new SumAggregation(), AggregationTest::sum);
        assertMatches(new MeanAggregation(), AggregationTest::mean);
        assertMatches(new MaxAggregation(), c -> java.util.Arrays.stream(c).max().orElseThrow());
        assertMatches(new MinAggregation(), c -> java.util.Arrays.stream(c).min().orElseThrow());
        assertMatches(new VarAggregation(), AggregationTest::variance);
        assertMatches(new StdAggregation(), c -> variance(c) <= 1e-5 ? 0.0 : Math.sqrt(variance(c)));
        assertMatches(SoftmaxAggregation.fixed(2.5), c -> softmaxSum(c, 2.5));
        assertMatches(SoftmaxAggregation.learnable(0.7, 1, DataType.DOUBLE), c -> softmaxSum(c, 0.7));
    }

    @Test
    void softmaxTemperaturesPerChannelApplyToTheirOwnColumn() {
        SoftmaxAggregation a = SoftmaxAggregation.learnable(1.0, F, DataType.DOUBLE);
        a.temperature().data().assign(Nd4j.createFromArray(0.5, -2.0, 4.0));
        INDArray m = messages(2);
        INDArray y = a.aggregate(Tensor.constant(m), SEGMENTS).data();
        double[] t = {0.5, -2.0, 4.0};
        for (int f = 0; f < F; f++) {
            final int column = f;
            double[][] e = expected(m.toDoubleMatrix(), c -> softmaxSum(c, t[column]));
            for (int s = 0; s < SIZES.length; s++) {
                assertEquals(e[s][f], y.getDouble(s, f), 1e-12, "segment " + s + ", feature " + f);
            }
        }
        assertThrows(IllegalArgumentException.class,
                () -> SoftmaxAggregation.learnable(1.0, 2, DataType.DOUBLE).aggregate(Tensor.constant(m), SEGMENTS));
    }

    @Test
    void multiAggregationConcatenatesAndScalesByDegree() {
        double delta = 1.3;
        MultiAggregation plain = MultiAggregation.of(new MeanAggregation(), new MaxAggregation());
        MultiAggregation scaled = new MultiAggregation(List.of(new MeanAggregation(), new MaxAggregation()),
                List.of(DegreeScaler.IDENTITY, DegreeScaler.AMPLIFICATION, DegreeScaler.ATTENUATION), delta);
        assertEquals(2 * F, plain.outputWidth(F));
        assertEquals(6 * F, scaled.outputWidth(F));
        INDArray m = messages(3);
        double[][] mean = expected(m.toDoubleMatrix(), AggregationTest::mean);
        double[][] max = expected(m.toDoubleMatrix(), c -> java.util.Arrays.stream(c).max().orElseThrow());
        INDArray p = plain.aggregate(Tensor.constant(m), SEGMENTS).data();
        INDArray q = scaled.aggregate(Tensor.constant(m), SEGMENTS).data();
        for (int s = 0; s < SIZES.length; s++) {
            double log = Math.log(Math.max(1, SIZES[s]) + 1); // degree clamped to 1, as PyTorch Geometric
            double[] scales = {1.0, log / delta, delta / log};
            for (int f = 0; f < F; f++) {
                assertEquals(mean[s][f], p.getDouble(s, f), 1e-12);
                assertEquals(max[s][f], p.getDouble(s, F + f), 1e-12);
                for (int k = 0; k < 3; k++) {
                    assertEquals(scales[k] * mean[s][f], q.getDouble(s, k * 2 * F + f), 1e-12);
                    assertEquals(scales[k] * max[s][f], q.getDouble(s, k * 2 * F + F + f), 1e-12);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new MultiAggregation(List.of(new MeanAggregation()),
                List.of(DegreeScaler.AMPLIFICATION), 0.0));
    }

    /** Every aggregation, fresh instances, learnable ones in float64. */
    private static List<Supplier<Aggregation>> all() {
        return all(DataType.DOUBLE);
    }

    private static List<Supplier<Aggregation>> all(DataType dtype) {
        return List.of(SumAggregation::new, MeanAggregation::new, MaxAggregation::new, MinAggregation::new,
                VarAggregation::new, StdAggregation::new, () -> SoftmaxAggregation.fixed(1.5),
                () -> SoftmaxAggregation.learnable(0.8, 1, dtype),
                () -> SoftmaxAggregation.learnable(0.8, F, dtype),
                () -> new MultiAggregation(List.of(new SumAggregation(), new MinAggregation(), new StdAggregation()),
                        List.of(DegreeScaler.IDENTITY, DegreeScaler.AMPLIFICATION, DegreeScaler.ATTENUATION), 1.1));
    }

    @Test
    void gradientsOfMessagesAndTemperaturesMatchFiniteDifferences() {
        for (Supplier<Aggregation> make : all()) {
            Aggregation a = make.get();
            INDArray m = messages(4);
            GradCheck.check(in -> a.aggregate(in.get(0), SEGMENTS), m);
            if (!a.parameters().isEmpty()) {
                Tensor fixed = Tensor.constant(m);
                GradCheck.checkParameters(a, () -> a.aggregate(fixed, SEGMENTS));
            }
        }
    }

    @Test
    void theOrderOfMessagesWithinANodeDoesNotMatter() {
        for (int i = 0; i < all().size(); i++) {
            int which = i;
            Equivariance.assertInvariant(SetPermutations.withinSets(), dtype -> {
                Aggregation a = all(dtype).get(which).get();
                return Case.of(new SetBatch(messages(6).castTo(dtype), SEGMENTS),
                        s -> a.aggregate(Tensor.constant(s.elements()), s.sets())).named(name(a, which));
            });
        }
    }

    private static String name(Aggregation a, int index) {
        return "aggregation " + index + " (" + a.getClass().getSimpleName() + ")";
    }

    /** Messages {@code x_j * e_ji + x_i}, reduced by the aggregation under test. */
    private static final class Neighbourhood extends MessagePassing {
        Neighbourhood(Aggregation aggregation) {
            super(aggregation);
        }

        Tensor forward(Graph g) {
            return propagate(g, Tensor.constant(g.nodeFeatures()), Tensor.constant(g.edgeFeatures()), null);
        }

        @Override
        protected Tensor message(Messages m) {
            return Ops.add(Ops.mul(m.xJ(), m.edgeAttr()), m.xI());
        }
    }

    @Test
    void renumberingNodesAndShufflingEdgesPermutesTheAggregates() {
        for (int i = 0; i < all().size(); i++) {
            int which = i;
            Equivariance.assertEquivariant(GraphPermutations.renumberNodes(Rows.NODES), dtype -> {
                Graph base = RandomGraphs.of(30, 120).nodeFeatures(F).seed(11).build();
                Graph g = base.toBuilder().nodeFeatures(base.nodeFeatures().castTo(dtype))
                        .edgeFeatures(GradCheck.uniform(new Random(12), -1, 1, 120, F).castTo(dtype)).build();
                Neighbourhood layer = new Neighbourhood(all(dtype).get(which).get());
                return Case.of(g, layer::forward).named(name(layer.aggregation(), which));
            });
        }
    }

    @Test
    void fusedNeighbourAggregationEqualsGatheringFirst() {
        Graph g = RandomGraphs.of(25, 90).nodeFeatures(4).seed(7).build();
        INDArray x = g.nodeFeatures().castTo(DataType.DOUBLE);
        INDArray w = GradCheck.uniform(new Random(8), 0.2, 1.5, g.numEdges());
        var adjacency = g.adjacency();
        List<Aggregation> linear = List.of(new SumAggregation(), new MeanAggregation(),
                MultiAggregation.of(new SumAggregation(), new MeanAggregation()));
        for (Aggregation a : linear) {
            assertTrue(a.isLinear());
            for (INDArray weights : java.util.Arrays.asList(null, w, w.reshape(w.length(), 1))) {
                Tensor wt = weights == null ? null : Tensor.constant(weights);
                INDArray fused = a.aggregateNeighbors(adjacency, wt, Tensor.constant(x)).data();
                Tensor messages = Sparse.gatherCols(Tensor.constant(x), adjacency);
                if (weights != null) {
                    messages = Ops.mul(messages, Tensor.constant(w.reshape(w.length(), 1)));
                }
                INDArray plain = a.aggregate(messages, adjacency.rows()).data();
                assertTrue(plain.equalsWithEps(fused, 1e-12), a.getClass().getSimpleName() + " fused differs");
            }
            GradCheck.check(in -> a.aggregateNeighbors(adjacency, in.get(0), in.get(1)), w, x);
        }
        assertTrue(!new MaxAggregation().isLinear() && !SoftmaxAggregation.fixed(1).isLinear()
                && !MultiAggregation.of(new SumAggregation(), new MaxAggregation()).isLinear());
    }

    @Test
    void deltaIsTheMeanLogDegreePlusOne() {
        // in-degrees 0, 1, 2 and 1
        Graph g = Graph.builder(4).edges(new int[] {0, 0, 1, 3}, new int[] {1, 2, 2, 3}).build();
        double expected = (Math.log(1) + Math.log(2) + Math.log(3) + Math.log(2)) / 4;
        assertEquals(expected, DegreeScaler.delta(List.of(g)), 1e-15);
        assertEquals(expected, DegreeScaler.delta(List.of(g, g)), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> DegreeScaler.delta(List.of()));
    }

    @Test
    void namesResolveAndBadInputIsRefused() {
        assertTrue(Aggregation.of("add") instanceof SumAggregation);
        assertTrue(Aggregation.of(" Mean ") instanceof MeanAggregation);
        assertTrue(Aggregation.of("std") instanceof StdAggregation);
        var unknown = assertThrows(IllegalArgumentException.class, () -> Aggregation.of("median"));
        assertTrue(unknown.getMessage().contains("median"));
        var wrongRows = assertThrows(IllegalArgumentException.class,
                () -> new MeanAggregation().aggregate(Tensor.constant(Nd4j.zeros(4, 2)), SEGMENTS));
        assertTrue(wrongRows.getMessage().contains("[15, F]"), wrongRows.getMessage());
        assertArrayEquals(new long[] {SIZES.length, F},
                new MaxAggregation().aggregate(Tensor.constant(messages(9)), SEGMENTS).shape());
    }
}
