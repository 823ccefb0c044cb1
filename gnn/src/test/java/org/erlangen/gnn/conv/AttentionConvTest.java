package org.erlangen.gnn.conv;

import static org.erlangen.gnn.conv.LayerChecks.param;
import static org.erlangen.gnn.conv.LayerChecks.paramVector;
import static org.erlangen.gnn.conv.LayerChecks.plus;
import static org.erlangen.gnn.conv.LayerChecks.times;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.erlangen.gnn.conv.AttentionReference.Edge;
import org.erlangen.graph.Graph;
import org.erlangen.nn.Linear;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** A new attention layer is its score function: one written as nothing else, against a dense reference. */
class AttentionConvTest {
    private static final int H = 2;
    private static final int C = 3;

    /** Scaled dot-product attention over one projection, {@code (W x_i) . (W x_j) / sqrt(C)} per head. */
    static final class DotProductConv extends AttentionConv {
        private final Linear lin;

        DotProductConv(Settings settings) {
            super(settings);
            lin = addProjection("lin", false);
            addOutput();
        }

        @Override
        protected Projection project(Tensor x) {
            return Projection.of(lin.forward(x));
        }

        @Override
        protected Tensor score(Edges edges) {
            return Ops.mul(edges.dot(edges.queries(), edges.keys()), 1 / Math.sqrt(settings().out()));
        }

        static Builder builder(int in, int out) {
            return new Builder(in, out);
        }

        static final class Builder extends AttentionConv.Builder<Builder> {
            private Builder(int in, int out) {
                super("DotProductConv", in, out);
            }

            @Override
            protected Builder self() {
                return this;
            }

            @Override
            public DotProductConv build() {
                return new DotProductConv(settings());
            }
        }
    }

    private static Function<DataType, LayerChecks.Built> dotProduct(int in, boolean concat, boolean loops) {
        return dtype -> {
            DotProductConv conv = DotProductConv.builder(in, C).heads(H).concat(concat).addSelfLoops(loops).seed(2)
                    .dtype(dtype).build();
            LayerChecks.randomize(conv, 3);
            return new LayerChecks.Built(conv, conv::forward);
        };
    }

    /** The same attention by loops over the attended edges. */
    private static double[][] reference(DotProductConv conv, Graph g, boolean concat, boolean loops) {
        double[][] x = LayerChecks.rows(g.nodeFeatures());
        int n = x.length;
        double[][] h = new double[n][];
        for (int v = 0; v < n; v++) {
            h[v] = times(x[v], param(conv, "lin.weight"));
        }
        List<Edge> edges = AttentionReference.edges(g, loops);
        double[][] scores = new double[edges.size()][H];
        double[][] values = new double[edges.size()][];
        for (int k = 0; k < edges.size(); k++) {
            Edge e = edges.get(k);
            for (int head = 0; head < H; head++) {
                for (int c = 0; c < C; c++) {
                    scores[k][head] += h[e.receiver()][head * C + c] * h[e.sender()][head * C + c] / Math.sqrt(C);
                }
            }
            values[k] = h[e.sender()];
        }
        double[][] alpha = AttentionReference.softmaxByReceiver(edges, scores, n);
        double[][] out = AttentionReference.weightedSum(edges, alpha, values, n, H, concat);
        for (int i = 0; i < n; i++) {
            out[i] = plus(out[i], paramVector(conv, "bias"));
        }
        return out;
    }

    @Test
    void aScoreFunctionIsAWholeLayer() {
        Graph g = LayerChecks.graph(14, 40, 4, 0, 1, DataType.DOUBLE);
        for (boolean concat : new boolean[] {true, false}) {
            for (boolean loops : new boolean[] {true, false}) {
                LayerChecks.Built built = dotProduct(4, concat, loops).apply(DataType.DOUBLE);
                LayerChecks.assertClose(reference((DotProductConv) built.module(), g, concat, loops),
                        built.run(g).data(), 1e-12, "dot product, concat " + concat + " loops " + loops);
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Graph g = LayerChecks.graph(8, 20, 3, 0, 6, DataType.DOUBLE);
        LayerChecks.Built built = dotProduct(3, false, true).apply(DataType.DOUBLE);
        GradCheck.checkParameters(built.module(), () -> built.run(g));
        GradCheck.check(in -> built.forward().apply(g, in.get(0), null), g.nodeFeatures());
    }

    @Test
    void fusedAndMessagePathsAgree() {
        Graph g = LayerChecks.graph(15, 50, 4, 0, 8, DataType.DOUBLE);
        LayerChecks.Built built = dotProduct(4, true, true).apply(DataType.DOUBLE);
        LayerChecks.assertFusedMatchesMessages(built, (DotProductConv) built.module(), g);
    }

    /** A layer that forgets to register what follows the attention is refused rather than run without its bias. */
    @Test
    void aLayerMustRegisterItsOutput() {
        var settings = DotProductConv.builder(4, C).settings();
        AttentionConv incomplete = new AttentionConv(settings) {
            @Override
            protected Projection project(Tensor x) {
                return Projection.of(x);
            }

            @Override
            protected Tensor score(Edges edges) {
                return edges.dot(edges.queries(), edges.keys());
            }
        };
        Graph g = LayerChecks.graph(6, 10, 4, 0, 2, DataType.FLOAT);
        var e = assertThrows(IllegalStateException.class,
                () -> incomplete.forward(g, Tensor.constant(g.nodeFeatures())));
        assertTrue(e.getMessage().contains("addOutput()"), e.getMessage());
    }
}
