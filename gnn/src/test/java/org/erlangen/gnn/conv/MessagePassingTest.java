package org.erlangen.gnn.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import org.erlangen.gnn.aggr.Aggregation;
import org.erlangen.gnn.aggr.SumAggregation;
import org.erlangen.graph.Graph;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.Case;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GraphPermutations;
import org.erlangen.testing.Rows;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MessagePassingTest {
    /** {@code 10 x_j + x_i}, or the edge features when asked; sum; update adds 1000 x. */
    private static final class Probe extends MessagePassing {
        private final boolean readEdges;

        Probe(Aggregation aggregation, boolean readEdges) {
            super(aggregation);
            this.readEdges = readEdges;
        }

        Tensor forward(Graph g, Tensor x, Tensor e) {
            return propagate(g, x, e, null);
        }

        @Override
        protected Tensor message(Messages m) {
            return readEdges ? m.edgeAttr() : Ops.add(Ops.mul(m.xJ(), 10.0), m.xI());
        }

        @Override
        protected Tensor update(Tensor aggregated, Tensor x) {
            return Ops.add(aggregated, Ops.mul(x, 1000.0));
        }
    }

    /** A layer whose fused path is the plain neighbour sum. */
    private static final class SumOfSenders extends MessagePassing {
        int fusedCalls;

        SumOfSenders() {
            super(new SumAggregation());
        }

        Tensor forward(Graph g, Tensor x) {
            return propagate(g, x);
        }

        @Override
        protected Tensor message(Messages m) {
            return m.xJ();
        }

        @Override
        protected Tensor fusedPropagate(Graph graph, Tensor x, Tensor edgeAttr, Tensor edgeWeight) {
            fusedCalls++;
            return aggregation().aggregateNeighbors(graph.adjacency(), null, x);
        }
    }

    /** The directed path 0 -> 1 -> 2 -> 3, its edges given out of order, each edge's feature naming its sender. */
    private static Graph path() {
        int[] senders = {2, 0, 1};
        int[] receivers = {3, 1, 2};
        INDArray edgeFeatures = Nd4j.createFromArray(new double[][] {{200}, {0}, {100}});
        INDArray x = Nd4j.createFromArray(new double[][] {{1}, {2}, {3}, {4}});
        return Graph.builder(4).edges(senders, receivers).nodeFeatures(x).edgeFeatures(edgeFeatures).build();
    }

    @Test
    void messagesFlowFromSenderToReceiver() {
        Graph g = path();
        Probe probe = new Probe(new SumAggregation(), false);
        INDArray y = probe.forward(g, Tensor.constant(g.nodeFeatures()), null).data();
        // node 0 hears nobody; node v hears v - 1: 10 x_{v-1} + x_v, then the update adds 1000 x_v
        assertEquals(1000.0, y.getDouble(0), 1e-12);
        assertEquals(10 * 1 + 2 + 2000, y.getDouble(1), 1e-12);
        assertEquals(10 * 2 + 3 + 3000, y.getDouble(2), 1e-12);
        assertEquals(10 * 3 + 4 + 4000, y.getDouble(3), 1e-12);
    }

    @Test
    void edgeFeaturesArriveWithTheirOwnEdge() {
        Graph g = path();
        Probe probe = new Probe(new SumAggregation(), true);
        INDArray y = probe.forward(g, Tensor.constant(g.nodeFeatures()), Tensor.constant(g.edgeFeatures())).data();
        // the edge into v came from v - 1, whose feature is 100 (v - 1)
        for (int v = 1; v < 4; v++) {
            assertEquals(100.0 * (v - 1) + 1000.0 * (v + 1), y.getDouble(v), 1e-12, "node " + v);
        }
    }

    @Test
    void theFusedPathIsTakenAndAgreesWithTheMessagePath() {
        Graph g = LayerChecks.graph(20, 70, 3, 0, 1, DataType.DOUBLE);
        SumOfSenders layer = new SumOfSenders();
        INDArray fused = layer.forward(g, Tensor.constant(g.nodeFeatures())).data();
        assertEquals(1, layer.fusedCalls);
        layer.setFused(false);
        INDArray plain = layer.forward(g, Tensor.constant(g.nodeFeatures())).data();
        assertEquals(1, layer.fusedCalls, "the fused path must be skipped when turned off");
        LayerChecks.assertClose(fused, plain, 1e-12, "fused and message paths differ");
        // and both are the sum over senders, by explicit loops over the edges
        double[][] x = LayerChecks.rows(g.nodeFeatures());
        double[][] expected = new double[20][3];
        int[] s = g.senders();
        int[] r = g.receivers();
        for (int e = 0; e < s.length; e++) {
            for (int f = 0; f < 3; f++) {
                expected[r[e]][f] += x[s[e]][f];
            }
        }
        LayerChecks.assertClose(expected, plain, 1e-12, "neighbour sum");
    }

    @Test
    void renumberingNodesPermutesTheOutputAndTheOrderOfEdgesDoesNotMatter() {
        for (boolean readEdges : new boolean[] {false, true}) {
            Probe probe = new Probe(new SumAggregation(), readEdges);
            Function<DataType, Case<Graph>> setup = dtype -> Case.of(LayerChecks.graph(30, 120, 2, 2, 5, dtype),
                    g -> probe.forward(g, Tensor.constant(g.nodeFeatures()), LayerChecks.edges(g)))
                    .named(readEdges ? "messages of edge features" : "messages of node features");
            Equivariance.assertEquivariant(GraphPermutations.renumberNodes(Rows.NODES), setup);
            Equivariance.assertInvariant(GraphPermutations.shuffleEdges(Rows.NODES), setup);
        }
        SumOfSenders fused = new SumOfSenders();
        Equivariance.assertEquivariant(GraphPermutations.renumberNodes(Rows.NODES), dtype -> Case.of(
                LayerChecks.graph(30, 120, 3, 0, 6, dtype), g -> fused.forward(g, Tensor.constant(g.nodeFeatures())))
                .named("the fused path"));
    }

    @Test
    void badShapesAreRefusedWithTheirShapes() {
        Graph g = path();
        Probe probe = new Probe(new SumAggregation(), false);
        var wrongNodes = assertThrows(IllegalArgumentException.class,
                () -> probe.forward(g, Tensor.constant(Nd4j.zeros(3, 1)), null));
        assertTrue(wrongNodes.getMessage().contains("[3, 1]") && wrongNodes.getMessage().contains("4 rows"),
                wrongNodes.getMessage());
        var wrongEdges = assertThrows(IllegalArgumentException.class,
                () -> probe.forward(g, Tensor.constant(g.nodeFeatures()), Tensor.constant(Nd4j.zeros(5, 1))));
        assertTrue(wrongEdges.getMessage().contains("edge features"), wrongEdges.getMessage());
        Probe readsMissingEdges = new Probe(new SumAggregation(), true);
        var noMessages = assertThrows(IllegalStateException.class,
                () -> readsMissingEdges.forward(g, Tensor.constant(g.nodeFeatures()), null));
        assertTrue(noMessages.getMessage().contains("got null"), noMessages.getMessage());
    }
}
