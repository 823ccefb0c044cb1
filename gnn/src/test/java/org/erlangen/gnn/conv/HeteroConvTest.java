package org.erlangen.gnn.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.erlangen.graph.Graph;
import org.erlangen.graph.HeteroGraph;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.Case;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GradCheck;
import org.erlangen.testing.Group;
import org.erlangen.testing.Permutations;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class HeteroConvTest {
    private static final HeteroGraph.EdgeType WROTE = new HeteroGraph.EdgeType("Author", "WROTE", "Paper");
    private static final HeteroGraph.EdgeType CITES = new HeteroGraph.EdgeType("Paper", "CITES", "Paper");

    private static INDArray features(int rows, int cols, long seed, DataType dtype) {
        Random r = new Random(seed);
        double[][] v = new double[rows][cols];
        for (double[] row : v) {
            for (int j = 0; j < cols; j++) {
                row[j] = r.nextDouble() * 2 - 1;
            }
        }
        return Nd4j.createFromArray(v).castTo(dtype);
    }

    /** 6 authors and 9 papers with 4 features each; authors wrote papers, papers cite papers. */
    private static HeteroGraph graph(DataType dtype) {
        Random r = new Random(3);
        int[] wroteFrom = new int[14];
        int[] wroteTo = new int[14];
        for (int e = 0; e < 14; e++) {
            wroteFrom[e] = r.nextInt(6);
            wroteTo[e] = r.nextInt(9);
        }
        int[] citeFrom = new int[16];
        int[] citeTo = new int[16];
        for (int e = 0; e < 16; e++) {
            citeFrom[e] = r.nextInt(9);
            citeTo[e] = r.nextInt(9);
        }
        return HeteroGraph.builder().nodes("Author", features(6, 4, 1, dtype)).nodes("Paper", features(9, 4, 2, dtype))
                .edges(WROTE, wroteFrom, wroteTo).edges(CITES, citeFrom, citeTo).build();
    }

    private static Map<String, Tensor> inputs(HeteroGraph g) {
        Map<String, Tensor> x = new LinkedHashMap<>();
        for (String t : g.nodeTypes()) {
            x.put(t, Tensor.constant(g.nodeType(t).features()));
        }
        return x;
    }

    private static HeteroConv sage(HeteroGraph g, DataType dtype) {
        Random random = new Random(7);
        return new HeteroConv(g, t -> SAGEConv.builder(4, 5).seed(random.nextLong()).dtype(dtype).build());
    }

    @Test
    void eachEdgeTypeRunsItsOwnLayerOnItsBipartiteGraphAndTargetsSum() {
        HeteroGraph g = graph(DataType.DOUBLE);
        HeteroConv conv = sage(g, DataType.DOUBLE);
        Map<String, Tensor> out = conv.forward(g, inputs(g));
        assertEquals(List.of("Paper"), List.copyOf(out.keySet()), "authors receive nothing");
        // the same sum, each layer run by hand on a graph of the papers followed by the edge type's sources
        GraphLayer wrote = (GraphLayer) conv.children().get("edge0");
        GraphLayer cites = (GraphLayer) conv.children().get("edge1");
        INDArray papers = g.nodeType("Paper").features();
        INDArray authors = g.nodeType("Author").features();
        Graph byAuthors = Graph.builder(15).edges(Arrays.stream(g.edges(WROTE).senders()).map(s -> s + 9).toArray(),
                g.edges(WROTE).receivers()).build();
        Graph byPapers = Graph.builder(18).edges(Arrays.stream(g.edges(CITES).senders()).map(s -> s + 9).toArray(),
                g.edges(CITES).receivers()).build();
        INDArray a = wrote.forward(byAuthors, Tensor.constant(Nd4j.vstack(papers, authors))).data()
                .get(NDArrayIndex.interval(0, 9), NDArrayIndex.all());
        INDArray b = cites.forward(byPapers, Tensor.constant(Nd4j.vstack(papers, papers))).data()
                .get(NDArrayIndex.interval(0, 9), NDArrayIndex.all());
        assertTrue(a.add(b).equalsWithEps(out.get("Paper").data(), 1e-12));
    }

    /** Renumbers the papers: their feature rows move, the edges that name them follow, the output rows too. */
    private static Group<HeteroGraph> paperPermutations() {
        return Group.of("paper renumbering", (g, random) -> {
            int[] perm = Permutations.random(9, random);
            return Group.Element.of("papers to " + Arrays.toString(perm), h -> {
                INDArray f = h.nodeType("Paper").features();
                INDArray moved = f.dup();
                for (int i = 0; i < 9; i++) {
                    moved.putRow(perm[i], f.getRow(i));
                }
                return HeteroGraph.builder().nodes("Author", h.nodeType("Author").features()).nodes("Paper", moved)
                        .edges(WROTE, h.edges(WROTE).senders(), Arrays.stream(h.edges(WROTE).receivers())
                                .map(p -> perm[p]).toArray())
                        .edges(CITES, Arrays.stream(h.edges(CITES).senders()).map(p -> perm[p]).toArray(),
                                Arrays.stream(h.edges(CITES).receivers()).map(p -> perm[p]).toArray()).build();
            }, out -> {
                INDArray moved = out.dup();
                for (int i = 0; i < 9; i++) {
                    moved.putRow(perm[i], out.getRow(i));
                }
                return moved;
            });
        });
    }

    @Test
    void renumberingThePapersMovesTheirRows() {
        Equivariance.assertEquivariant(paperPermutations(), dtype -> {
            HeteroGraph g = graph(dtype);
            HeteroConv conv = sage(g, dtype);
            return Case.of(g, h -> conv.forward(h, inputs(h)).get("Paper"));
        });
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        HeteroGraph g = graph(DataType.DOUBLE);
        HeteroConv conv = sage(g, DataType.DOUBLE);
        GradCheck.checkParameters(conv, () -> conv.forward(g, inputs(g)).get("Paper"));
        GradCheck.check(in -> conv.forward(g, Map.of("Author", in.get(0), "Paper", in.get(1))).get("Paper"),
                g.nodeType("Author").features(), g.nodeType("Paper").features());
    }

    @Test
    void missingFeaturesAreNamed() {
        HeteroGraph g = graph(DataType.DOUBLE);
        HeteroConv conv = sage(g, DataType.DOUBLE);
        var e = assertThrows(IllegalArgumentException.class, () -> conv.forward(g, Map.of("Paper",
                Tensor.constant(g.nodeType("Paper").features()))));
        assertTrue(e.getMessage().contains("(Author)-[WROTE]->(Paper) needs features of node type 'Author'"),
                e.getMessage());
    }
}
