package org.erlangen.gnn.conv;

import static org.erlangen.gnn.conv.LayerChecks.cat;
import static org.erlangen.gnn.conv.LayerChecks.param;
import static org.erlangen.gnn.conv.LayerChecks.paramVector;
import static org.erlangen.gnn.conv.LayerChecks.plus;
import static org.erlangen.gnn.conv.LayerChecks.scaled;
import static org.erlangen.gnn.conv.LayerChecks.times;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

class TransformerConvTest {
    private static final int H = 2;
    private static final int C = 3;

    private static Function<DataType, LayerChecks.Built> transformer(int in, int edgeDim, boolean concat,
            boolean root, boolean beta) {
        return dtype -> {
            TransformerConv conv = TransformerConv.builder(in, C).heads(H).concat(concat).edgeDim(edgeDim)
                    .rootWeight(root).beta(beta).seed(2).dtype(dtype).build();
            LayerChecks.randomize(conv, 3);
            return new LayerChecks.Built(conv, conv::forward);
        };
    }

    private static double[] affine(TransformerConv conv, String lin, double[] v) {
        double[] y = times(v, param(conv, lin + ".weight"));
        return conv.namedParameters().containsKey(lin + ".bias") ? plus(y, paramVector(conv, lin + ".bias")) : y;
    }

    private static double[][] reference(TransformerConv conv, Graph g, boolean concat, boolean root, boolean beta) {
        double[][] x = LayerChecks.rows(g.nodeFeatures());
        int n = x.length;
        List<Edge> edges = AttentionReference.edges(g, false);
        double[][] scores = new double[edges.size()][H];
        double[][] values = new double[edges.size()][];
        for (int k = 0; k < edges.size(); k++) {
            Edge e = edges.get(k);
            double[] q = affine(conv, "lin_query", x[e.receiver()]);
            double[] key = affine(conv, "lin_key", x[e.sender()]);
            double[] value = affine(conv, "lin_value", x[e.sender()]);
            if (e.features() != null) {
                double[] we = affine(conv, "lin_edge", e.features());
                key = plus(key, we);
                value = plus(value, we);
            }
            for (int h = 0; h < H; h++) {
                for (int c = 0; c < C; c++) {
                    scores[k][h] += q[h * C + c] * key[h * C + c] / Math.sqrt(C);
                }
            }
            values[k] = value;
        }
        double[][] alpha = AttentionReference.softmaxByReceiver(edges, scores, n);
        double[][] out = AttentionReference.weightedSum(edges, alpha, values, n, H, concat);
        if (!root) {
            return out;
        }
        for (int i = 0; i < n; i++) {
            double[] skip = affine(conv, "lin_skip", x[i]);
            if (beta) {
                double[] z = cat(out[i], skip, plus(out[i], scaled(skip, -1)));
                double b = 1 / (1 + Math.exp(-times(z, param(conv, "lin_beta.weight"))[0]));
                out[i] = plus(scaled(skip, b), scaled(out[i], 1 - b));
            } else {
                out[i] = plus(out[i], skip);
            }
        }
        return out;
    }

    @Test
    void matchesScaledDotProductAttention() {
        Object[][] cases = {{0, true, true, false}, {2, true, true, true}, {2, false, false, false},
            {0, false, true, true}};
        for (Object[] c : cases) {
            int edgeDim = (int) c[0];
            boolean concat = (boolean) c[1];
            boolean root = (boolean) c[2];
            boolean beta = (boolean) c[3];
            Graph g = LayerChecks.graph(14, 40, 4, edgeDim, 1, DataType.DOUBLE);
            LayerChecks.Built built = transformer(4, edgeDim, concat, root, beta).apply(DataType.DOUBLE);
            LayerChecks.assertClose(reference((TransformerConv) built.module(), g, concat, root, beta),
                    built.run(g).data(), 1e-12, "Transformer " + java.util.Arrays.toString(c));
        }
    }

    @Test
    void attentionOverEachReceiversEdgesSumsToOne() {
        Graph g = LayerChecks.graph(20, 60, 4, 2, 4, DataType.DOUBLE);
        TransformerConv conv = (TransformerConv) transformer(4, 2, true, true, false).apply(DataType.DOUBLE)
                .module();
        Attention a = conv.attention(g, Tensor.constant(g.nodeFeatures()), Tensor.constant(g.edgeFeatures()));
        INDArray w = a.weights().data();
        int[] r = g.receivers();
        double[][] sums = new double[g.numNodes()][H];
        for (int k = 0; k < r.length; k++) {
            for (int h = 0; h < H; h++) {
                sums[r[k]][h] += w.getDouble(k, h);
            }
        }
        int[] degree = g.inDegrees();
        for (int v = 0; v < sums.length; v++) {
            for (double s : sums[v]) {
                assertEquals(degree[v] == 0 ? 0.0 : 1.0, s, 1e-12, "node " + v);
            }
        }
    }

    @Test
    void isPermutationEquivariant() {
        Equivariance.assertEquivariant(GraphPermutations.renumberNodes(Rows.NODES),
                LayerChecks.onRandomGraph(transformer(4, 2, true, true, true), 4, 2));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Graph g = LayerChecks.graph(8, 20, 3, 2, 6, DataType.DOUBLE);
        // the key bias adds the same q_i . b to all of node i's scores, which the softmax ignores
        LayerChecks.assertGradients(transformer(3, 2, false, true, true).apply(DataType.DOUBLE), g, "lin_key.bias");
    }

    @Test
    void fusedAndMessagePathsAgree() {
        for (int edgeDim : new int[] {0, 2}) {
            Graph g = LayerChecks.graph(15, 50, 4, edgeDim, 8, DataType.DOUBLE);
            LayerChecks.Built built = transformer(4, edgeDim, true, true, false).apply(DataType.DOUBLE);
            LayerChecks.assertFusedMatchesMessages(built, (TransformerConv) built.module(), g);
        }
    }

    @Test
    void betaNeedsTheRootWeight() {
        assertThrows(IllegalArgumentException.class,
                () -> TransformerConv.builder(4, 2).rootWeight(false).beta(true).build());
    }
}
