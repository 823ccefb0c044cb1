package org.erlangen.gnn.conv;

import static org.erlangen.gnn.conv.LayerChecks.param;
import static org.erlangen.gnn.conv.LayerChecks.paramVector;
import static org.erlangen.gnn.conv.LayerChecks.plus;
import static org.erlangen.gnn.conv.LayerChecks.relu;
import static org.erlangen.gnn.conv.LayerChecks.times;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.Function;
import org.erlangen.gnn.aggr.MaxAggregation;
import org.erlangen.graph.Graph;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GraphPermutations;
import org.erlangen.testing.Rows;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class SAGEConvTest {
    private static Function<DataType, LayerChecks.Built> sage(int in, int out, boolean max, boolean normalize) {
        return dtype -> {
            var b = SAGEConv.builder(in, out).normalize(normalize).seed(3).dtype(dtype);
            if (max) {
                b.aggregation(new MaxAggregation()).project(true);
            }
            SAGEConv conv = b.build();
            LayerChecks.randomize(conv, 4);
            return new LayerChecks.Built(conv, (g, x, e) -> conv.forward(g, x));
        };
    }

    /** {@code W_l aggr_j(x_j) + b + W_r x_i} by loops over each node's incoming edges. */
    private static double[][] reference(SAGEConv conv, Graph g, boolean max, boolean normalize) {
        double[][] x = LayerChecks.rows(g.nodeFeatures());
        int n = x.length;
        double[][] source = x;
        if (max) {
            source = new double[n][];
            for (int v = 0; v < n; v++) {
                source[v] = relu(plus(times(x[v], param(conv, "lin.weight")), paramVector(conv, "lin.bias")));
            }
        }
        int[] s = g.senders();
        int[] r = g.receivers();
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] agg = new double[source[0].length];
            int count = 0;
            for (int e = 0; e < s.length; e++) {
                if (r[e] != i) {
                    continue;
                }
                for (int f = 0; f < agg.length; f++) {
                    agg[f] = count == 0 && max ? source[s[e]][f]
                            : max ? Math.max(agg[f], source[s[e]][f]) : agg[f] + source[s[e]][f];
                }
                count++;
            }
            if (!max && count > 0) {
                agg = LayerChecks.scaled(agg, 1.0 / count);
            }
            double[] y = plus(plus(times(agg, param(conv, "lin_l.weight")), paramVector(conv, "lin_l.bias")),
                    times(x[i], param(conv, "lin_r.weight")));
            if (normalize) {
                double norm = Math.sqrt(java.util.Arrays.stream(y).map(v -> v * v).sum());
                y = LayerChecks.scaled(y, 1.0 / norm);
            }
            out[i] = y;
        }
        return out;
    }

    @Test
    void matchesTheGraphSageFormula() {
        Graph g = LayerChecks.graph(14, 40, 5, 0, 1, DataType.DOUBLE);
        // narrower output (transform before gathering), wider output, max-pool, normalised
        Object[][] cases = {{5, 3, false, false}, {5, 7, false, true}, {5, 4, true, false}, {5, 2, true, true}};
        for (Object[] c : cases) {
            int out = (int) c[1];
            boolean max = (boolean) c[2];
            boolean normalize = (boolean) c[3];
            LayerChecks.Built built = sage(5, out, max, normalize).apply(DataType.DOUBLE);
            LayerChecks.assertClose(reference((SAGEConv) built.module(), g, max, normalize), built.run(g).data(),
                    1e-12, "SAGE " + java.util.Arrays.toString(c));
        }
    }

    @Test
    void isPermutationEquivariant() {
        Equivariance.assertEquivariant(GraphPermutations.renumberNodes(Rows.NODES),
                LayerChecks.onRandomGraph(sage(4, 3, false, false), 4, 0));
        Equivariance.assertEquivariant(GraphPermutations.renumberNodes(Rows.NODES),
                LayerChecks.onRandomGraph(sage(4, 6, true, true), 4, 0));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Graph g = LayerChecks.graph(10, 30, 4, 0, 2, DataType.DOUBLE);
        LayerChecks.assertGradients(sage(4, 3, false, true).apply(DataType.DOUBLE), g);
        LayerChecks.assertGradients(sage(4, 5, true, false).apply(DataType.DOUBLE), g);
    }

    @Test
    void fusedAndMessagePathsAgree() {
        Graph g = LayerChecks.graph(15, 50, 4, 0, 3, DataType.DOUBLE);
        for (int out : new int[] {2, 6}) {
            LayerChecks.Built built = sage(4, out, false, false).apply(DataType.DOUBLE);
            LayerChecks.assertFusedMatchesMessages(built, (SAGEConv) built.module(), g);
        }
    }

    @Test
    void wrongInputWidthIsRefused() {
        SAGEConv conv = SAGEConv.builder(4, 3).build();
        Graph g = LayerChecks.graph(10, 30, 5, 0, 2, DataType.FLOAT);
        var e = assertThrows(IllegalArgumentException.class, () -> conv.forward(g, Tensor.constant(g.nodeFeatures())));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("[10, 4]"), e.getMessage());
    }
}
