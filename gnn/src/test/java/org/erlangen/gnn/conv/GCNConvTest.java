package org.erlangen.gnn.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.erlangen.graph.Graph;
import org.erlangen.graph.RandomGraphs;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.Case;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GradCheck;
import org.erlangen.testing.GraphPermutations;
import org.erlangen.testing.Rows;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GCNConvTest {
    private static Graph randomGraph(int n, int m, long seed, DataType dtype) {
        Graph g = RandomGraphs.of(n, m).nodeFeatures(5).seed(seed).build();
        return g.toBuilder().nodeFeatures(g.nodeFeatures().castTo(dtype)).build().withSelfLoops();
    }

    @Test
    void matchesTheDenseFormula() {
        Graph g = randomGraph(12, 30, 1, DataType.DOUBLE);
        GCNConv conv = new GCNConv(5, 3, true, new Random(2), DataType.DOUBLE);
        conv.namedParameters().get("bias").data().assign(Nd4j.rand(DataType.DOUBLE, 3));
        INDArray y = conv.forward(g, Tensor.constant(g.nodeFeatures())).data();

        // A[r][s] counts edges s -> r (self loops included); D is the in-degree
        INDArray a = Nd4j.zeros(DataType.DOUBLE, 12, 12);
        int[] s = g.senders();
        int[] r = g.receivers();
        for (int e = 0; e < s.length; e++) {
            a.putScalar(r[e], s[e], a.getDouble(r[e], s[e]) + 1);
        }
        INDArray dInv = Nd4j.createFromArray(java.util.Arrays.stream(g.inDegrees()).mapToDouble(d -> 1 / Math.sqrt(d))
                .toArray());
        INDArray norm = a.mulColumnVector(dInv.reshape(12, 1)).mulRowVector(dInv.reshape(1, 12));
        INDArray expected = norm.mmul(g.nodeFeatures()).mmul(conv.namedParameters().get("weight").data())
                .addRowVector(conv.namedParameters().get("bias").data());
        assertTrue(expected.equalsWithEps(y, 1e-12), "GCN output differs from D^-1/2 A D^-1/2 X W + b");
    }

    @Test
    void messagesFlowFromSenderToReceiver() {
        // 0 -> 1 only (plus self loops): node 1 hears node 0, node 0 hears nobody
        Graph g = Graph.builder(2).edges(new int[] {0}, new int[] {1})
                .nodeFeatures(Nd4j.createFromArray(new double[][] {{1}, {0}})).build().withSelfLoops();
        GCNConv conv = new GCNConv(1, 1, false, new Random(3), DataType.DOUBLE);
        conv.namedParameters().get("weight").data().assign(1.0);
        INDArray y = conv.forward(g, Tensor.constant(g.nodeFeatures())).data();
        assertEquals(1.0 / 1.0 * 1.0 / 1.0, y.getDouble(0), 1e-12); // node 0: its own value, degree 1
        assertEquals(1.0 / Math.sqrt(2.0), y.getDouble(1), 1e-12);  // node 1: from node 0, degrees 1 and 2
    }

    @Test
    void isPermutationEquivariantInFloat32AndFloat64() {
        Equivariance.assertEquivariant(GraphPermutations.renumberNodes(Rows.NODES), dtype -> {
            GCNConv conv = new GCNConv(5, 4, true, new Random(6), dtype);
            return Case.of(randomGraph(40, 160, 5, dtype), h -> conv.forward(h, Tensor.constant(h.nodeFeatures())));
        });
    }

    @Test
    void gradientsOfParametersAndInputMatchFiniteDifferences() {
        Graph g = randomGraph(15, 40, 7, DataType.DOUBLE);
        GCNConv conv = new GCNConv(5, 3, true, new Random(8), DataType.DOUBLE);
        conv.namedParameters().get("bias").data().assign(Nd4j.rand(DataType.DOUBLE, 3));
        Tensor x = Tensor.constant(g.nodeFeatures());
        GradCheck.checkParameters(conv, () -> conv.forward(g, x));
        GradCheck.check(inputs -> conv.forward(g, inputs.get(0)), g.nodeFeatures());
    }

    @Test
    void fusedAndMessagePathsAgree() {
        Graph g = randomGraph(15, 40, 9, DataType.DOUBLE);
        GCNConv conv = new GCNConv(5, 3, true, new Random(10), DataType.DOUBLE);
        LayerChecks.assertFusedMatchesMessages(new LayerChecks.Built(conv, (graph, x, e) -> conv.forward(graph, x)),
                conv, g);
    }
}
