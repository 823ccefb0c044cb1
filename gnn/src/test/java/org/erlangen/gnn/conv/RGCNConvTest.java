package org.erlangen.gnn.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.erlangen.graph.Graph;
import org.erlangen.graph.RandomGraphs;
import org.erlangen.graph.RelationalGraph;
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

class RGCNConvTest {
    private static final int RELATIONS = 3;

    /** A random graph whose single edge-feature column is each edge's relation, so permutations carry it along. */
    private static Graph typedGraph(int n, int m, long seed, DataType dtype) {
        Graph g = RandomGraphs.of(n, m).nodeFeatures(4).seed(seed).build();
        Random random = new Random(seed + 1);
        double[] types = new double[g.numEdges()];
        for (int e = 0; e < types.length; e++) {
            types[e] = random.nextInt(RELATIONS);
        }
        return g.toBuilder().nodeFeatures(g.nodeFeatures().castTo(dtype))
                .edgeFeatures(Nd4j.createFromArray(types).reshape(types.length, 1)).build();
    }

    private static RelationalGraph relational(Graph g) {
        int[] types = new int[g.numEdges()];
        for (int e = 0; e < types.length; e++) {
            types[e] = (int) g.edgeFeatures().getDouble(e, 0);
        }
        return RelationalGraph.of(g.numNodes(), RELATIONS, g.senders(), g.receivers(), types);
    }

    /** The layer's relation weight r as a dense [in, out] matrix, read from its parameters. */
    private static INDArray relationWeight(RGCNConv conv, RGCNConv.Decomposition d, int r, int in, int out,
            int count) {
        var p = conv.namedParameters();
        return switch (d) {
            case NONE -> p.get("weight").data().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(r * in,
                    (r + 1) * in), org.nd4j.linalg.indexing.NDArrayIndex.all());
            case BASIS -> {
                INDArray w = Nd4j.zeros(DataType.DOUBLE, in, out);
                for (int b = 0; b < count; b++) {
                    w.addi(p.get("basis").data().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(b * in,
                            (b + 1) * in), org.nd4j.linalg.indexing.NDArrayIndex.all())
                            .mul(p.get("coefficients").data().getDouble(r, b)));
                }
                yield w;
            }
            case BLOCK -> {
                INDArray w = Nd4j.zeros(DataType.DOUBLE, in, out);
                int bi = in / count;
                int bo = out / count;
                for (int b = 0; b < count; b++) {
                    for (int i = 0; i < bi; i++) {
                        for (int o = 0; o < bo; o++) {
                            w.putScalar(b * bi + i, b * bo + o, p.get("blocks").data().getDouble(r * in + b * bi + i,
                                    o));
                        }
                    }
                }
                yield w;
            }
        };
    }

    @Test
    void matchesTheDenseFormulaForEveryDecomposition() {
        Graph g = typedGraph(14, 50, 3, DataType.DOUBLE);
        RelationalGraph rg = relational(g);
        INDArray x = g.nodeFeatures();
        for (RGCNConv.Decomposition d : RGCNConv.Decomposition.values()) {
            RGCNConv conv = new RGCNConv(4, 6, RELATIONS, d, 2, true, new Random(4), DataType.DOUBLE);
            conv.namedParameters().get("bias").data().assign(Nd4j.rand(DataType.DOUBLE, 6));
            INDArray y = conv.forward(rg, Tensor.constant(x)).data();
            INDArray expected = x.mmul(conv.namedParameters().get("root").data())
                    .addRowVector(conv.namedParameters().get("bias").data());
            for (int r = 0; r < RELATIONS; r++) {
                INDArray a = Nd4j.zeros(DataType.DOUBLE, 14, 14);
                int[] s = g.senders();
                int[] t = g.receivers();
                for (int e = 0; e < s.length; e++) {
                    if ((int) g.edgeFeatures().getDouble(e, 0) == r) {
                        a.putScalar(t[e], s[e], a.getDouble(t[e], s[e]) + 1);
                    }
                }
                INDArray degree = a.sum(1).reshape(14, 1);
                INDArray mean = a.divColumnVector(Nd4j.createFromArray(java.util.Arrays.stream(degree.toDoubleVector())
                        .map(v -> v == 0 ? 1 : v).toArray()).reshape(14, 1));
                expected.addi(mean.mmul(x).mmul(relationWeight(conv, d, r, 4, 6, 2)));
            }
            assertTrue(expected.equalsWithEps(y, 1e-12), d + ": R-GCN differs from W_0 x + sum_r mean_r(x) W_r");
        }
    }

    @Test
    void aFeaturelessLayerIsTheLayerOnOneHotInputs() {
        Graph g = typedGraph(10, 30, 5, DataType.DOUBLE);
        RelationalGraph rg = relational(g);
        for (RGCNConv.Decomposition d : new RGCNConv.Decomposition[] {RGCNConv.Decomposition.NONE,
                RGCNConv.Decomposition.BASIS}) {
            RGCNConv featureless = RGCNConv.featureless(10, 5, RELATIONS, d, 2, true, new Random(6), DataType.DOUBLE);
            RGCNConv featured = new RGCNConv(10, 5, RELATIONS, d, 2, true, new Random(6), DataType.DOUBLE);
            featureless.namedParameters().get("bias").data().assign(Nd4j.rand(DataType.DOUBLE, 5));
            featureless.namedParameters().forEach((name, p) -> featured.namedParameters().get(name).data()
                    .assign(p.data()));
            INDArray a = featureless.forward(rg, null).data();
            INDArray b = featured.forward(rg, Tensor.constant(Nd4j.eye(10).castTo(DataType.DOUBLE))).data();
            assertTrue(a.equalsWithEps(b, 1e-12), d.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> RGCNConv.featureless(10, 4, RELATIONS,
                RGCNConv.Decomposition.BLOCK, 2, true, new Random(1), DataType.DOUBLE));
    }

    @Test
    void isPermutationEquivariantInFloat32AndFloat64() {
        for (RGCNConv.Decomposition d : RGCNConv.Decomposition.values()) {
            Equivariance.assertEquivariant(GraphPermutations.renumberNodes(Rows.NODES), dtype -> {
                RGCNConv conv = new RGCNConv(4, 6, RELATIONS, d, 2, true, new Random(7), dtype);
                return Case.of(typedGraph(30, 120, 8, dtype), h -> conv.forward(relational(h),
                        Tensor.constant(h.nodeFeatures()))).named("R-GCN " + d);
            });
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Graph g = typedGraph(12, 40, 9, DataType.DOUBLE);
        RelationalGraph rg = relational(g);
        for (RGCNConv.Decomposition d : RGCNConv.Decomposition.values()) {
            RGCNConv conv = new RGCNConv(4, 6, RELATIONS, d, 2, true, new Random(10), DataType.DOUBLE);
            Tensor x = Tensor.constant(g.nodeFeatures());
            GradCheck.checkParameters(conv, () -> conv.forward(rg, x));
            GradCheck.check(inputs -> conv.forward(rg, inputs.get(0)), g.nodeFeatures());
        }
        RGCNConv featureless = RGCNConv.featureless(12, 3, RELATIONS, RGCNConv.Decomposition.BASIS, 2, true,
                new Random(11), DataType.DOUBLE);
        GradCheck.checkParameters(featureless, () -> featureless.forward(rg, null));
    }

    @Test
    void inversesAndBadShapesAreHandled() {
        RelationalGraph rg = RelationalGraph.of(3, 2, new int[] {0, 1}, new int[] {1, 2}, new int[] {0, 1});
        RelationalGraph both = rg.withInverses();
        assertEquals(4, both.relationCount());
        assertEquals(4, both.numEdges());
        // the inverse of 0 -(0)-> 1 is 1 -(2)-> 0
        assertEquals(1, both.relation(2).senders()[0]);
        assertEquals(1, both.relation(2).adjacency().rowSizes()[0]);
        RGCNConv conv = new RGCNConv(2, 2, 4, RGCNConv.Decomposition.NONE, 0, true, new Random(1), DataType.DOUBLE);
        var e = assertThrows(IllegalArgumentException.class, () -> conv.forward(rg, Tensor.constant(Nd4j.zeros(
                DataType.DOUBLE, 3, 2))));
        assertTrue(e.getMessage().contains("4 relations, the graph 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> conv.forward(both, Tensor.constant(Nd4j.zeros(
                DataType.DOUBLE, 3, 5))));
        assertTrue(e.getMessage().contains("[3, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RelationalGraph.of(3, 2, new int[] {0}, new int[] {3},
                new int[] {0}));
        assertTrue(e.getMessage().contains("edge 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RGCNConv(4, 6, 2, RGCNConv.Decomposition.BLOCK,
                4, true, new Random(1), DataType.DOUBLE));
        assertTrue(e.getMessage().contains("must divide"), e.getMessage());
    }
}
