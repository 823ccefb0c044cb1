package org.erlangen.gnn.conv;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.erlangen.graph.Graph;
import org.erlangen.kernels.Vectorization;
import org.erlangen.sparse.Sparse;
import org.erlangen.sparse.SparseBackend;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Reductions;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class HeadsTest {
    private static final int H = 3;
    private static final int C = 2;
    private final Graph g = LayerChecks.graph(12, 40, 1, 0, 5, DataType.DOUBLE);
    private final Random random = new Random(6);

    @ParameterizedTest
    @EnumSource(SparseBackend.class)
    void weightedSumAddsEachHeadsWeightedSenderFeatures(SparseBackend backend) {
        try (var scope = SparseBackend.use(backend)) {
            for (int heads : new int[] {H, 1}) {
                INDArray w = GradCheck.uniform(random, -1, 1, g.numEdges(), heads);
                INDArray x = GradCheck.uniform(random, -1, 1, g.numNodes(), heads * C);
                double[][] ws = LayerChecks.rows(w);
                double[][] xs = LayerChecks.rows(x);
                double[][] expected = new double[g.numNodes()][heads * C];
                int[] s = g.senders();
                int[] r = g.receivers();
                for (int e = 0; e < s.length; e++) {
                    for (int h = 0; h < heads; h++) {
                        for (int c = 0; c < C; c++) {
                            expected[r[e]][h * C + c] += ws[e][h] * xs[s[e]][h * C + c];
                        }
                    }
                }
                INDArray y = Sparse.weightedSum(g.adjacency(), Tensor.constant(w), Tensor.constant(x)).data();
                LayerChecks.assertClose(expected, y, 1e-12, heads + " heads");
                GradCheck.check(in -> Sparse.weightedSum(g.adjacency(), in.get(0), in.get(1)), w, x);
                INDArray yFloat = Sparse.weightedSum(g.adjacency(), Tensor.constant(w.castTo(DataType.FLOAT)),
                        Tensor.constant(x.castTo(DataType.FLOAT))).data();
                LayerChecks.assertClose(expected, yFloat, 1e-5, heads + " heads in float32");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SparseBackend.class)
    void edgeDotIsThePerHeadProductOfReceiverAndSender(SparseBackend backend) {
        try (var scope = SparseBackend.use(backend)) {
            INDArray q = GradCheck.uniform(random, -1, 1, g.numNodes(), H * C);
            INDArray k = GradCheck.uniform(random, -1, 1, g.numNodes(), H * C);
            double[][] qs = LayerChecks.rows(q);
            double[][] ks = LayerChecks.rows(k);
            int[] s = g.senders();
            int[] r = g.receivers();
            double[][] expected = new double[s.length][H];
            for (int e = 0; e < s.length; e++) {
                for (int h = 0; h < H; h++) {
                    for (int c = 0; c < C; c++) {
                        expected[e][h] += qs[r[e]][h * C + c] * ks[s[e]][h * C + c];
                    }
                }
            }
            INDArray y = Sparse.edgeDot(g.adjacency(), Tensor.constant(q), Tensor.constant(k), H).data();
            LayerChecks.assertClose(expected, y, 1e-12, "edge dot");
            GradCheck.check(in -> Sparse.edgeDot(g.adjacency(), in.get(0), in.get(1), H), q, k);
        }
    }

    /**
     * Pairs of one array's rows (a link decoder's scores): both ends' gradients land on that array, in one pass over
     * the pattern and its transpose together; finite differences in float64, and float32 against it.
     */
    @ParameterizedTest
    @EnumSource(SparseBackend.class)
    void edgeDotOfAnArrayWithItselfPassesBothEndsGradientsBack(SparseBackend backend) {
        try (var scope = SparseBackend.use(backend)) {
            INDArray x = GradCheck.uniform(random, -1, 1, g.numNodes(), 5);
            GradCheck.check(in -> Sparse.edgeDot(g.adjacency(), in.get(0), in.get(0), 1), x);
            Graph big = LayerChecks.graph(60, 400, 1, 0, 7, DataType.DOUBLE);
            for (int channels : new int[] {5, 64}) {
                INDArray h = GradCheck.uniform(random, -1, 1, big.numNodes(), channels);
                INDArray upstream = GradCheck.uniform(random, -1, 1, big.numEdges(), 1);
                INDArray[] apart = edgeDotAndGradients(big, h, h, upstream);
                INDArray both = apart[1].add(apart[2]);
                for (DataType dtype : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                    Tensor self = Tensor.parameter(h.castTo(dtype));
                    Tensor dots = Sparse.edgeDot(big.adjacency(), self, self, 1);
                    Reductions.sum(Ops.mul(dots, Tensor.constant(upstream.castTo(dtype)))).backward();
                    String what = channels + " channels, " + dtype;
                    double tolerance = dtype == DataType.DOUBLE ? 1e-12 : 1e-5;
                    LayerChecks.assertClose(apart[0], dots.data().castTo(DataType.DOUBLE), tolerance, "dots, " + what);
                    LayerChecks.assertClose(both, self.grad().castTo(DataType.DOUBLE), tolerance,
                            "the gradient of both ends, " + what);
                }
            }
        }
    }

    @Test
    void float32KernelsAgreeWithFloat64ForEveryHeadWidthWithAndWithoutTheVectorApi() {
        Graph big = LayerChecks.graph(60, 400, 1, 0, 7, DataType.DOUBLE);
        boolean vectorized = Vectorization.enabled();
        try {
            for (boolean vector : new boolean[] {true, false}) {
                Vectorization.setEnabled(vector);
                // 2 and 4 share vectors between heads, 8 and 16 fill whole vectors (8 lanes), 3 and 5 fit neither
                for (int channels : new int[] {2, 3, 4, 5, 8, 16}) {
                    int heads = 4;
                    INDArray w = GradCheck.uniform(random, -1, 1, big.numEdges(), heads);
                    INDArray x = GradCheck.uniform(random, -1, 1, big.numNodes(), heads * channels);
                    INDArray y = GradCheck.uniform(random, -1, 1, big.numNodes(), heads * channels);
                    String what = channels + " channels, vector API " + vector;
                    LayerChecks.assertClose(
                            Sparse.weightedSum(big.adjacency(), Tensor.constant(w), Tensor.constant(x)).data(),
                            Sparse.weightedSum(big.adjacency(), Tensor.constant(w.castTo(DataType.FLOAT)),
                                    Tensor.constant(x.castTo(DataType.FLOAT))).data(), 1e-5, "weighted sum, " + what);
                    LayerChecks.assertClose(
                            Sparse.edgeDot(big.adjacency(), Tensor.constant(x), Tensor.constant(y), heads).data(),
                            Sparse.edgeDot(big.adjacency(), Tensor.constant(x.castTo(DataType.FLOAT)),
                                    Tensor.constant(y.castTo(DataType.FLOAT)), heads).data(), 1e-5,
                            "edge dot, " + what);
                }
            }
        } finally {
            Vectorization.setEnabled(vectorized);
        }
    }

    /**
     * One head as wide as a link decoder's embeddings (several register accumulators per dot product, and a remainder
     * past them), forward and both gradients: the gradients run the weighted sums over the pattern and its transpose.
     */
    @Test
    void float32EdgeDotOfOneWideHeadAndItsGradientsAgreeWithFloat64() {
        Graph big = LayerChecks.graph(60, 400, 1, 0, 7, DataType.DOUBLE);
        boolean vectorized = Vectorization.enabled();
        try {
            for (boolean vector : new boolean[] {true, false}) {
                Vectorization.setEnabled(vector);
                for (int channels : new int[] {24, 64, 72, 130}) {
                    INDArray x = GradCheck.uniform(random, -1, 1, big.numNodes(), channels);
                    INDArray y = GradCheck.uniform(random, -1, 1, big.numNodes(), channels);
                    INDArray g = GradCheck.uniform(random, -1, 1, big.numEdges(), 1);
                    INDArray[] exact = edgeDotAndGradients(big, x, y, g);
                    INDArray[] single = edgeDotAndGradients(big, x.castTo(DataType.FLOAT), y.castTo(DataType.FLOAT),
                            g.castTo(DataType.FLOAT));
                    String what = channels + " channels, vector API " + vector;
                    LayerChecks.assertClose(exact[0], single[0], 1e-5, "edge dot, " + what);
                    LayerChecks.assertClose(exact[1], single[1], 1e-5, "receivers' gradient, " + what);
                    LayerChecks.assertClose(exact[2], single[2], 1e-5, "senders' gradient, " + what);
                }
            }
        } finally {
            Vectorization.setEnabled(vectorized);
        }
    }

    private static INDArray[] edgeDotAndGradients(Graph graph, INDArray x, INDArray y, INDArray upstream) {
        Tensor a = Tensor.parameter(x.dup());
        Tensor b = Tensor.parameter(y.dup());
        Tensor dots = Sparse.edgeDot(graph.adjacency(), a, b, 1);
        Reductions.sum(Ops.mul(dots, Tensor.constant(upstream))).backward();
        return new INDArray[] {dots.data().castTo(DataType.DOUBLE), a.grad().castTo(DataType.DOUBLE),
                b.grad().castTo(DataType.DOUBLE)};
    }

    @Test
    void denseHeadHelpers() {
        INDArray x = GradCheck.uniform(random, -1, 1, 5, H * C);
        INDArray att = GradCheck.uniform(random, -1, 1, 1, H, C);
        INDArray w = GradCheck.uniform(random, -1, 1, 5, H);
        double[][] xs = LayerChecks.rows(x);
        double[][] ws = LayerChecks.rows(w);
        double[][] dot = new double[5][H];
        double[][] sum = new double[5][H];
        double[][] mean = new double[5][C];
        double[][] repeat = new double[5][H * C];
        for (int i = 0; i < 5; i++) {
            for (int h = 0; h < H; h++) {
                for (int c = 0; c < C; c++) {
                    dot[i][h] += xs[i][h * C + c] * att.getDouble(0, h, c);
                    sum[i][h] += xs[i][h * C + c];
                    mean[i][c] += xs[i][h * C + c] / H;
                    repeat[i][h * C + c] = ws[i][h];
                }
            }
        }
        LayerChecks.assertClose(dot, Heads.dot(Tensor.constant(x), Tensor.constant(att)).data(), 1e-12, "dot");
        LayerChecks.assertClose(sum, Heads.sum(Tensor.constant(x), H).data(), 1e-12, "sum");
        LayerChecks.assertClose(mean, Heads.mean(Tensor.constant(x), H).data(), 1e-12, "mean");
        LayerChecks.assertClose(repeat, Heads.repeat(Tensor.constant(w), H, C).data(), 1e-12, "repeat");
        GradCheck.check(in -> Heads.dot(in.get(0), in.get(1)), x, att);
        GradCheck.check(in -> Heads.repeat(in.get(0), H, C), w);
    }

    @Test
    void mismatchedShapesAreRefused() {
        Tensor x = Tensor.constant(GradCheck.uniform(random, -1, 1, g.numNodes(), 7));
        Tensor w = Tensor.constant(GradCheck.uniform(random, -1, 1, g.numEdges(), 3));
        assertThrows(IllegalArgumentException.class, () -> Sparse.weightedSum(g.adjacency(), w, x));
        Tensor shortW = Tensor.constant(GradCheck.uniform(random, -1, 1, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> Sparse.weightedSum(g.adjacency(), shortW,
                Tensor.constant(GradCheck.uniform(random, -1, 1, g.numNodes(), 6))));
    }
}
