package org.erlangen.gnn.conv;

import static org.erlangen.gnn.conv.LayerChecks.param;
import static org.erlangen.gnn.conv.LayerChecks.paramVector;
import static org.erlangen.gnn.conv.LayerChecks.plus;
import static org.erlangen.gnn.conv.LayerChecks.relu;
import static org.erlangen.gnn.conv.LayerChecks.scaled;
import static org.erlangen.gnn.conv.LayerChecks.times;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import org.erlangen.graph.Graph;
import org.erlangen.nn.MLP;
import org.erlangen.nn.Module;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GraphPermutations;
import org.erlangen.testing.Rows;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class GINConvTest {
    private static MLP mlp(int in, int hidden, int out, DataType dtype) {
        return MLP.builder(in, hidden, out).seed(5).dtype(dtype).build();
    }

    private static Function<DataType, LayerChecks.Built> gin(boolean trainEps) {
        return dtype -> {
            GINConv conv = new GINConv(mlp(4, 6, 3, dtype), 0.3, trainEps);
            LayerChecks.randomize(conv, 6);
            return new LayerChecks.Built(conv, (g, x, e) -> conv.forward(g, x));
        };
    }

    private static Function<DataType, LayerChecks.Built> gine(int edgeDim) {
        return dtype -> {
            GINEConv conv = new GINEConv(mlp(4, 6, 3, dtype), 4, edgeDim, 0.2, true, 7);
            LayerChecks.randomize(conv, 8);
            return new LayerChecks.Built(conv, (g, x, e) -> conv.forward(g, x, e));
        };
    }

    /** The two-layer MLP {@code W2 ReLU(W1 v + b1) + b2} written out. */
    private static double[] mlpOf(Module conv, double[] v) {
        double[] h = relu(plus(times(v, param(conv, "nn.lins.0.weight")), paramVector(conv, "nn.lins.0.bias")));
        return plus(times(h, param(conv, "nn.lins.1.weight")), paramVector(conv, "nn.lins.1.bias"));
    }

    /** {@code nn((1 + eps) x_i + sum_j m_ji)} with {@code m_ji = x_j}, or {@code ReLU(x_j + e_ji)} for GINE. */
    private static double[][] reference(Module conv, Graph g, double eps, double[][] edges) {
        double[][] x = LayerChecks.rows(g.nodeFeatures());
        int[] s = g.senders();
        int[] r = g.receivers();
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            double[] h = scaled(x[i], 1 + eps);
            for (int e = 0; e < s.length; e++) {
                if (r[e] == i) {
                    h = plus(h, edges == null ? x[s[e]] : relu(plus(x[s[e]], edges[e])));
                }
            }
            out[i] = mlpOf(conv, h);
        }
        return out;
    }

    @Test
    void ginMatchesItsFormula() {
        Graph g = LayerChecks.graph(14, 40, 4, 0, 1, DataType.DOUBLE);
        for (boolean train : new boolean[] {false, true}) {
            LayerChecks.Built built = gin(train).apply(DataType.DOUBLE);
            double eps = train ? paramVector(built.module(), "eps")[0] : 0.3;
            LayerChecks.assertClose(reference(built.module(), g, eps, null), built.run(g).data(), 1e-12,
                    "GIN, trained eps " + train);
            assertEquals(train, built.module().namedParameters().containsKey("eps"));
            assertEquals(!train, built.module().namedBuffers().containsKey("eps"));
        }
    }

    @Test
    void gineMatchesItsFormula() {
        // edge features already of the node width, and mapped from width 2 by lin
        for (int edgeDim : new int[] {0, 2}) {
            Graph g = LayerChecks.graph(14, 40, 4, edgeDim == 0 ? 4 : edgeDim, 1, DataType.DOUBLE);
            LayerChecks.Built built = gine(edgeDim).apply(DataType.DOUBLE);
            double[][] e = LayerChecks.rows(g.edgeFeatures());
            if (edgeDim > 0) {
                for (int k = 0; k < e.length; k++) {
                    e[k] = plus(times(e[k], param(built.module(), "lin.weight")),
                            paramVector(built.module(), "lin.bias"));
                }
            }
            double eps = paramVector(built.module(), "eps")[0];
            LayerChecks.assertClose(reference(built.module(), g, eps, e), built.run(g).data(), 1e-12,
                    "GINE, edge width " + edgeDim);
        }
    }

    @Test
    void isPermutationEquivariant() {
        Equivariance.assertEquivariant(GraphPermutations.renumberNodes(Rows.NODES),
                LayerChecks.onRandomGraph(gin(true), 4, 0));
        Equivariance.assertEquivariant(GraphPermutations.renumberNodes(Rows.NODES),
                LayerChecks.onRandomGraph(gine(3), 4, 3));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Graph g = LayerChecks.graph(10, 30, 4, 0, 2, DataType.DOUBLE);
        LayerChecks.assertGradients(gin(true).apply(DataType.DOUBLE), g);
        Graph withEdges = LayerChecks.graph(10, 30, 4, 3, 2, DataType.DOUBLE);
        LayerChecks.assertGradients(gine(3).apply(DataType.DOUBLE), withEdges);
    }

    @Test
    void fusedAndMessagePathsAgree() {
        Graph g = LayerChecks.graph(15, 50, 4, 0, 3, DataType.DOUBLE);
        LayerChecks.Built built = gin(true).apply(DataType.DOUBLE);
        LayerChecks.assertFusedMatchesMessages(built, (GINConv) built.module(), g);
    }

    @Test
    void gineRefusesMissingOrMisshapenEdgeFeatures() {
        Graph g = LayerChecks.graph(10, 30, 4, 0, 2, DataType.FLOAT);
        GINEConv conv = new GINEConv(mlp(4, 6, 3, DataType.FLOAT), 4, 3, 0, false, 1);
        var missing = assertThrows(IllegalArgumentException.class, () -> conv.forward(g,
                Tensor.constant(g.nodeFeatures())));
        assertTrue(missing.getMessage().contains("has none"), missing.getMessage());
        var wrong = assertThrows(IllegalArgumentException.class, () -> conv.forward(g,
                Tensor.constant(g.nodeFeatures()), Tensor.constant(org.nd4j.linalg.factory.Nd4j.zeros(30, 2))));
        assertTrue(wrong.getMessage().contains("[30, 3]"), wrong.getMessage());
    }
}
