package org.erlangen.gnn.conv;

import static org.erlangen.gnn.conv.LayerChecks.cat;
import static org.erlangen.gnn.conv.LayerChecks.param;
import static org.erlangen.gnn.conv.LayerChecks.paramVector;
import static org.erlangen.gnn.conv.LayerChecks.plus;
import static org.erlangen.gnn.conv.LayerChecks.relu;
import static org.erlangen.gnn.conv.LayerChecks.scaled;
import static org.erlangen.gnn.conv.LayerChecks.times;

import java.util.function.Function;
import org.erlangen.gnn.aggr.MeanAggregation;
import org.erlangen.graph.Graph;
import org.erlangen.nn.MLP;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GraphPermutations;
import org.erlangen.testing.Rows;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class EdgeConvTest {
    private static Function<DataType, LayerChecks.Built> edgeConv(boolean mean) {
        return dtype -> {
            MLP nn = MLP.builder(8, 5, 3).seed(4).dtype(dtype).build();
            EdgeConv conv = mean ? new EdgeConv(nn, new MeanAggregation()) : new EdgeConv(nn);
            LayerChecks.randomize(conv, 5);
            return new LayerChecks.Built(conv, (g, x, e) -> conv.forward(g, x));
        };
    }

    @Test
    void isTheMaximumOfTheEdgeNetworkOverIncomingEdges() {
        Graph g = LayerChecks.graph(14, 40, 4, 0, 1, DataType.DOUBLE);
        LayerChecks.Built built = edgeConv(false).apply(DataType.DOUBLE);
        var conv = built.module();
        double[][] x = LayerChecks.rows(g.nodeFeatures());
        int[] s = g.senders();
        int[] r = g.receivers();
        double[][] expected = new double[x.length][3];
        for (int i = 0; i < x.length; i++) {
            boolean first = true;
            for (int e = 0; e < s.length; e++) {
                if (r[e] != i) {
                    continue;
                }
                double[] in = cat(x[i], plus(x[s[e]], scaled(x[i], -1)));
                double[] h = relu(plus(times(in, param(conv, "nn.lins.0.weight")),
                        paramVector(conv, "nn.lins.0.bias")));
                double[] y = plus(times(h, param(conv, "nn.lins.1.weight")), paramVector(conv, "nn.lins.1.bias"));
                for (int f = 0; f < 3; f++) {
                    expected[i][f] = first ? y[f] : Math.max(expected[i][f], y[f]);
                }
                first = false;
            }
        }
        LayerChecks.assertClose(expected, built.run(g).data(), 1e-12, "EdgeConv");
    }

    @Test
    void isPermutationEquivariant() {
        Equivariance.assertEquivariant(GraphPermutations.renumberNodes(Rows.NODES),
                LayerChecks.onRandomGraph(edgeConv(false), 4, 0));
        Equivariance.assertEquivariant(GraphPermutations.renumberNodes(Rows.NODES),
                LayerChecks.onRandomGraph(edgeConv(true), 4, 0));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Graph g = LayerChecks.graph(8, 20, 4, 0, 6, DataType.DOUBLE);
        LayerChecks.assertGradients(edgeConv(false).apply(DataType.DOUBLE), g);
    }
}
