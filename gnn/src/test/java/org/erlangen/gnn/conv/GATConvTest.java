package org.erlangen.gnn.conv;

import static org.erlangen.gnn.conv.LayerChecks.param;
import static org.erlangen.gnn.conv.LayerChecks.paramVector;
import static org.erlangen.gnn.conv.LayerChecks.times;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

class GATConvTest {
    private static final int H = 3;
    private static final int C = 2;

    private static Function<DataType, LayerChecks.Built> gat(int in, int edgeDim, boolean concat, boolean loops) {
        return dtype -> {
            GATConv conv = GATConv.builder(in, C).heads(H).concat(concat).edgeDim(edgeDim).addSelfLoops(loops)
                    .seed(2).dtype(dtype).build();
            LayerChecks.randomize(conv, 3);
            return new LayerChecks.Built(conv, conv::forward);
        };
    }

    /** GAT by loops over the attended edges. */
    private static double[][] reference(GATConv conv, Graph g, boolean concat, boolean loops) {
        double[][] x = LayerChecks.rows(g.nodeFeatures());
        int n = x.length;
        double[][] h = new double[n][];
        for (int v = 0; v < n; v++) {
            h[v] = times(x[v], param(conv, "lin.weight"));
        }
        double[] attSrc = paramVector(conv, "att_src");
        double[] attDst = paramVector(conv, "att_dst");
        boolean edgeAttention = conv.namedParameters().containsKey("att_edge");
        List<Edge> edges = AttentionReference.edges(g, loops);
        double[][] scores = new double[edges.size()][H];
        double[][] values = new double[edges.size()][];
        for (int k = 0; k < edges.size(); k++) {
            Edge e = edges.get(k);
            double[] we = edgeAttention ? times(e.features(), param(conv, "lin_edge.weight")) : null;
            for (int head = 0; head < H; head++) {
                double s = 0;
                for (int c = 0; c < C; c++) {
                    int f = head * C + c;
                    s += attSrc[f] * h[e.sender()][f] + attDst[f] * h[e.receiver()][f];
                    if (we != null) {
                        s += paramVector(conv, "att_edge")[f] * we[f];
                    }
                }
                scores[k][head] = LayerChecks.leakyRelu(s, 0.2);
            }
            values[k] = h[e.sender()];
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
        for (int edgeDim : new int[] {0, 2}) {
            Graph g = LayerChecks.graph(14, 40, 4, edgeDim, 1, DataType.DOUBLE);
            for (boolean concat : new boolean[] {true, false}) {
                for (boolean loops : new boolean[] {true, false}) {
                    LayerChecks.Built built = gat(4, edgeDim, concat, loops).apply(DataType.DOUBLE);
                    LayerChecks.assertClose(reference((GATConv) built.module(), g, concat, loops),
                            built.run(g).data(), 1e-12, "GAT edges " + edgeDim + " concat " + concat + " loops "
                                    + loops);
                }
            }
        }
    }

    @Test
    void attentionOverEachReceiversEdgesSumsToOne() {
        Graph g = LayerChecks.graph(20, 60, 4, 2, 4, DataType.DOUBLE);
        GATConv conv = (GATConv) gat(4, 2, true, true).apply(DataType.DOUBLE).module();
        Attention a = conv.attention(g, Tensor.constant(g.nodeFeatures()), Tensor.constant(g.edgeFeatures()));
        INDArray w = a.weights().data();
        assertEquals(g.numEdges() + g.numNodes(), a.graph().numEdges(), "one added loop per node");
        int[] r = a.graph().receivers();
        int[] s = a.graph().senders();
        double[][] sums = new double[g.numNodes()][H];
        int[] loops = new int[g.numNodes()];
        for (int k = 0; k < r.length; k++) {
            loops[r[k]] += s[k] == r[k] ? 1 : 0;
            for (int h = 0; h < H; h++) {
                assertTrue(w.getDouble(k, h) > 0);
                sums[r[k]][h] += w.getDouble(k, h);
            }
        }
        for (int v = 0; v < g.numNodes(); v++) {
            assertEquals(1, loops[v], "node " + v + " has one self loop");
            for (int h = 0; h < H; h++) {
                assertEquals(1.0, sums[v][h], 1e-12, "node " + v + ", head " + h);
            }
        }
    }

    @Test
    void existingSelfLoopsAreReplaced() {
        Graph g = LayerChecks.graph(12, 30, 4, 2, 5, DataType.DOUBLE);
        // the same graph with loops on some nodes, carrying features that must not matter
        int[] s = java.util.Arrays.copyOf(g.senders(), g.numEdges() + 3);
        int[] r = java.util.Arrays.copyOf(g.receivers(), g.numEdges() + 3);
        for (int i = 0; i < 3; i++) {
            s[g.numEdges() + i] = 2 * i;
            r[g.numEdges() + i] = 2 * i;
        }
        INDArray e = org.nd4j.linalg.factory.Nd4j.vstack(g.edgeFeatures(),
                org.nd4j.linalg.factory.Nd4j.valueArrayOf(new long[] {3, 2}, 9.0, DataType.DOUBLE));
        Graph withLoops = Graph.builder(12).edges(s, r).nodeFeatures(g.nodeFeatures()).edgeFeatures(e).build();
        LayerChecks.Built built = gat(4, 2, true, true).apply(DataType.DOUBLE);
        LayerChecks.assertClose(built.run(g).data(), built.run(withLoops).data(), 1e-12, "loops replaced");
    }

    @Test
    void isPermutationEquivariant() {
        Equivariance.assertEquivariant(GraphPermutations.renumberNodes(Rows.NODES),
                LayerChecks.onRandomGraph(gat(4, 2, true, true), 4, 2));
        Equivariance.assertEquivariant(GraphPermutations.renumberNodes(Rows.NODES),
                LayerChecks.onRandomGraph(gat(4, 0, false, false), 4, 0));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Graph g = LayerChecks.graph(8, 20, 3, 2, 6, DataType.DOUBLE);
        LayerChecks.assertGradients(gat(3, 2, true, true).apply(DataType.DOUBLE), g);
        Graph plain = LayerChecks.graph(8, 20, 3, 0, 7, DataType.DOUBLE);
        LayerChecks.assertGradients(gat(3, 0, false, false).apply(DataType.DOUBLE), plain);
    }

    @Test
    void fusedAndMessagePathsAgree() {
        Graph g = LayerChecks.graph(15, 50, 4, 2, 8, DataType.DOUBLE);
        LayerChecks.Built built = gat(4, 2, true, true).apply(DataType.DOUBLE);
        LayerChecks.assertFusedMatchesMessages(built, (GATConv) built.module(), g);
    }

    @Test
    void attentionDropoutActsInTrainingOnly() {
        Graph g = LayerChecks.graph(15, 50, 4, 0, 9, DataType.DOUBLE);
        GATConv plain = GATConv.builder(4, C).heads(H).seed(2).dtype(DataType.DOUBLE).build();
        GATConv dropped = GATConv.builder(4, C).heads(H).dropout(0.5).seed(2).dtype(DataType.DOUBLE).build();
        Tensor x = Tensor.constant(g.nodeFeatures());
        INDArray reference = plain.forward(g, x).data();
        assertFalse(reference.equalsWithEps(dropped.forward(g, x).data(), 1e-6), "dropout in training");
        dropped.eval();
        LayerChecks.assertClose(reference, dropped.forward(g, x).data(), 1e-12, "no dropout in evaluation");
    }
}
