package org.erlangen.gnn.conv;

import static org.erlangen.gnn.conv.LayerChecks.param;
import static org.erlangen.gnn.conv.LayerChecks.paramVector;
import static org.erlangen.gnn.conv.LayerChecks.plus;
import static org.erlangen.gnn.conv.LayerChecks.times;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.function.Function;
import org.erlangen.gnn.conv.AttentionReference.Edge;
import org.erlangen.graph.Graph;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GraphPermutations;
import org.erlangen.testing.Rows;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class GATv2ConvTest {
    private static final int H = 2;
    private static final int C = 3;

    private static Function<DataType, LayerChecks.Built> gat(int in, int edgeDim, boolean concat, boolean share) {
        return dtype -> {
            GATv2Conv conv = GATv2Conv.builder(in, C).heads(H).concat(concat).edgeDim(edgeDim).shareWeights(share)
                    .seed(2).dtype(dtype).build();
            LayerChecks.randomize(conv, 3);
            return new LayerChecks.Built(conv, conv::forward);
        };
    }

    private static double[][] reference(GATv2Conv conv, Graph g, boolean concat, boolean share) {
        double[][] x = LayerChecks.rows(g.nodeFeatures());
        int n = x.length;
        String right = share ? "lin_l" : "lin_r";
        double[][] xl = new double[n][];
        double[][] xr = new double[n][];
        for (int v = 0; v < n; v++) {
            xl[v] = plus(times(x[v], param(conv, "lin_l.weight")), paramVector(conv, "lin_l.bias"));
            xr[v] = plus(times(x[v], param(conv, right + ".weight")), paramVector(conv, right + ".bias"));
        }
        double[] att = paramVector(conv, "att");
        List<Edge> edges = AttentionReference.edges(g, true);
        double[][] scores = new double[edges.size()][H];
        double[][] values = new double[edges.size()][];
        for (int k = 0; k < edges.size(); k++) {
            Edge e = edges.get(k);
            double[] pre = plus(xl[e.sender()], xr[e.receiver()]);
            if (e.features() != null) {
                pre = plus(pre, times(e.features(), param(conv, "lin_edge.weight")));
            }
            for (int head = 0; head < H; head++) {
                for (int c = 0; c < C; c++) {
                    scores[k][head] += att[head * C + c] * LayerChecks.leakyRelu(pre[head * C + c], 0.2);
                }
            }
            values[k] = xl[e.sender()];
        }
        double[][] alpha = AttentionReference.softmaxByReceiver(edges, scores, n);
        double[][] out = AttentionReference.weightedSum(edges, alpha, values, n, H, concat);
        double[] bias = paramVector(conv, "bias");
        for (double[] row : out) {
            for (int f = 0; f < row.length; f++) {
                row[f] += bias[f];
            }
        }
        return out;
    }

    @Test
    void matchesTheAttentionFormula() {
        Object[][] cases = {{0, true, false}, {2, true, false}, {2, false, true}};
        for (Object[] c : cases) {
            int edgeDim = (int) c[0];
            boolean concat = (boolean) c[1];
            boolean share = (boolean) c[2];
            Graph g = LayerChecks.graph(14, 40, 4, edgeDim, 1, DataType.DOUBLE);
            LayerChecks.Built built = gat(4, edgeDim, concat, share).apply(DataType.DOUBLE);
            LayerChecks.assertClose(reference((GATv2Conv) built.module(), g, concat, share), built.run(g).data(),
                    1e-12, "GATv2 " + java.util.Arrays.toString(c));
            assertEquals(!share, built.module().namedParameters().containsKey("lin_r.weight"));
        }
    }

    @Test
    void attentionOverEachReceiversEdgesSumsToOne() {
        Graph g = LayerChecks.graph(20, 60, 4, 0, 4, DataType.DOUBLE);
        GATv2Conv conv = (GATv2Conv) gat(4, 0, true, false).apply(DataType.DOUBLE).module();
        Attention a = conv.attention(g, Tensor.constant(g.nodeFeatures()), null);
        INDArray w = a.weights().data();
        int[] r = a.graph().receivers();
        double[][] sums = new double[g.numNodes()][H];
        for (int k = 0; k < r.length; k++) {
            for (int h = 0; h < H; h++) {
                sums[r[k]][h] += w.getDouble(k, h);
            }
        }
        for (double[] s : sums) {
            for (double v : s) {
                assertEquals(1.0, v, 1e-12);
            }
        }
    }

    @Test
    void isPermutationEquivariant() {
        Equivariance.assertEquivariant(GraphPermutations.renumberNodes(Rows.NODES),
                LayerChecks.onRandomGraph(gat(4, 2, true, false), 4, 2));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Graph g = LayerChecks.graph(8, 20, 3, 2, 6, DataType.DOUBLE);
        LayerChecks.assertGradients(gat(3, 2, false, false).apply(DataType.DOUBLE), g);
    }

    @Test
    void fusedAndMessagePathsAgree() {
        Graph g = LayerChecks.graph(15, 50, 4, 2, 8, DataType.DOUBLE);
        LayerChecks.Built built = gat(4, 2, true, false).apply(DataType.DOUBLE);
        LayerChecks.assertFusedMatchesMessages(built, (GATv2Conv) built.module(), g);
    }

    @Test
    void attentionDropoutActsInTrainingOnly() {
        Graph g = LayerChecks.graph(15, 50, 4, 0, 9, DataType.DOUBLE);
        GATv2Conv plain = GATv2Conv.builder(4, C).heads(H).seed(2).dtype(DataType.DOUBLE).build();
        GATv2Conv dropped = GATv2Conv.builder(4, C).heads(H).dropout(0.5).seed(2).dtype(DataType.DOUBLE).build();
        Tensor x = Tensor.constant(g.nodeFeatures());
        INDArray reference = plain.forward(g, x).data();
        assertFalse(reference.equalsWithEps(dropped.forward(g, x).data(), 1e-6));
        dropped.eval();
        LayerChecks.assertClose(reference, dropped.forward(g, x).data(), 1e-12, "no dropout in evaluation");
    }
}
