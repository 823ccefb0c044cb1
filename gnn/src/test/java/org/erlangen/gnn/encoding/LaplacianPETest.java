package org.erlangen.gnn.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.graph.RandomGraphs;
import org.erlangen.sparse.Segments;
import org.erlangen.testing.BatchPermutations;
import org.erlangen.testing.Case;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GraphPermutations;
import org.erlangen.testing.Rows;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

class LaplacianPETest {
    /** I - D^-1/2 A D^-1/2 of the undirected graph without self loops, from the edge list. */
    private static INDArray laplacian(Graph g) {
        int n = g.numNodes();
        INDArray a = Nd4j.zeros(DataType.DOUBLE, n, n);
        int[] s = g.senders();
        int[] r = g.receivers();
        for (int e = 0; e < s.length; e++) {
            if (s[e] != r[e]) {
                a.putScalar(s[e], r[e], 1.0);
                a.putScalar(r[e], s[e], 1.0);
            }
        }
        INDArray inv = Transforms.pow(a.sum(1), -0.5, true); // the test graphs have no isolated node
        return Nd4j.eye(n).castTo(DataType.DOUBLE).sub(a.mulColumnVector(inv.reshape(n, 1))
                .mulRowVector(inv.reshape(1, n)));
    }

    /** A ring through all nodes (so none is isolated) plus {@code m} random directed edges. */
    private static Graph connected(int n, int m, long seed) {
        Graph random = RandomGraphs.of(n, m).seed(seed).build();
        int[] s = java.util.Arrays.copyOf(random.senders(), m + n);
        int[] r = java.util.Arrays.copyOf(random.receivers(), m + n);
        for (int i = 0; i < n; i++) {
            s[m + i] = i;
            r[m + i] = (i + 1) % n;
        }
        return Graph.builder(n).edges(s, r).build();
    }

    @Test
    void columnsAreOrthonormalEigenvectorsOfTheNormalisedLaplacian() {
        Graph g = connected(12, 36, 1);
        INDArray pe = new LaplacianPE(4).compute(g, DataType.DOUBLE);
        INDArray l = laplacian(g);
        LaplacianPE.Spectrum spectrum = LaplacianPE.spectrum(g);
        assertEquals(0.0, spectrum.eigenvalues()[0], 1e-10, "the trivial eigenvalue");
        for (int j = 0; j < 4; j++) {
            INDArray v = pe.getColumn(j).reshape(12, 1);
            double lambda = spectrum.eigenvalues()[j + 1];
            assertTrue(spectrum.eigenvalues()[j] <= lambda && lambda <= 2 + 1e-12, "ascending, within [0, 2]");
            assertEquals(0.0, l.mmul(v).sub(v.mul(lambda)).norm2Number().doubleValue(), 1e-10, "L v = lambda v");
        }
        assertTrue(Nd4j.eye(4).castTo(DataType.DOUBLE).equalsWithEps(pe.transpose().mmul(pe), 1e-10), "orthonormal");
    }

    @Test
    void pathGraphHasTheKnownSpectrum() {
        int n = 7;
        int[] s = new int[n - 1];
        int[] r = new int[n - 1];
        for (int i = 0; i + 1 < n; i++) {
            s[i] = i;
            r[i] = i + 1; // one direction only: the encoding treats the graph as undirected
        }
        double[] values = LaplacianPE.spectrum(Graph.builder(n).edges(s, r).build()).eigenvalues();
        for (int k = 0; k < n; k++) {
            assertEquals(1 - Math.cos(Math.PI * k / (n - 1)), values[k], 1e-12, "eigenvalue " + k);
        }
    }

    @Test
    void smallGraphsArePaddedWithZeros() {
        Graph triangle = Graph.builder(3).edges(new int[] {0, 1, 2}, new int[] {1, 2, 0}).build();
        INDArray pe = new LaplacianPE(4).compute(triangle, DataType.FLOAT);
        assertEquals(DataType.FLOAT, pe.dataType());
        assertEquals(List.of(3L, 4L), List.of(pe.size(0), pe.size(1)));
        for (int j = 0; j < 2; j++) {
            assertTrue(pe.getColumn(j).norm2Number().doubleValue() > 0.99, "column " + j + " is an eigenvector");
        }
        for (int j = 2; j < 4; j++) {
            assertEquals(0.0, pe.getColumn(j).norm2Number().doubleValue(), 0.0, "column " + j + " is padding");
        }
        INDArray single = new LaplacianPE(2).compute(Graph.builder(1).build(), DataType.DOUBLE);
        assertEquals(0.0, single.norm2Number().doubleValue(), 0.0);
    }

    @Test
    void aBatchIsEncodedGraphByGraph() {
        GraphBatch batch = GraphBatch.of(List.of(connected(6, 12, 2), connected(2, 0, 3), connected(9, 20, 4)));
        LaplacianPE encoding = new LaplacianPE(3);
        INDArray pe = encoding.compute(batch, DataType.DOUBLE);
        Segments nodes = batch.nodesPerGraph();
        List<Graph> graphs = BatchPermutations.graphs(batch);
        for (int b = 0; b < batch.size(); b++) {
            INDArray own = encoding.compute(graphs.get(b), DataType.DOUBLE);
            INDArray rows = pe.get(NDArrayIndex.interval(nodes.start(b), nodes.end(b)), NDArrayIndex.all());
            assertTrue(own.equalsWithEps(rows, 1e-12), "graph " + b);
        }
    }

    @Test
    void magnitudesFollowTheNodesWhenTheSpectrumIsSimple() {
        Graph g = connected(10, 26, 5);
        double[] values = LaplacianPE.spectrum(g).eigenvalues();
        for (int j = 1; j < 5; j++) {
            assertTrue(values[j + 1] - values[j] > 1e-6, "test graph needs distinct eigenvalues");
        }
        // each eigenvector is unique up to sign, so |v| moves with the nodes (v itself may flip: no equivariance)
        LaplacianPE encoding = new LaplacianPE(3);
        Equivariance.assertEquivariant(GraphPermutations.renumberNodes(Rows.NODES), dtype -> Case.ofArray(g,
                h -> Transforms.abs(encoding.compute(h, dtype), true)).named("|Laplacian PE|"));
    }

    @Test
    void randomSignsFlipWholeColumnsOfAGraphReproducibly() {
        GraphBatch batch = GraphBatch.of(List.of(connected(6, 12, 8), connected(7, 14, 9)));
        Segments nodes = batch.nodesPerGraph();
        INDArray pe = new LaplacianPE(3).compute(batch, DataType.DOUBLE);
        INDArray flipped = LaplacianPE.randomSigns(pe, nodes, new Random(10));
        assertTrue(flipped.equals(LaplacianPE.randomSigns(pe, nodes, new Random(10))), "same seed, same signs");
        int flips = 0;
        for (int draw = 0; draw < 5; draw++) {
            INDArray f = LaplacianPE.randomSigns(pe, nodes, new Random(11 + draw));
            for (int b = 0; b < 2; b++) {
                for (int j = 0; j < 3; j++) {
                    INDArray original = pe.get(NDArrayIndex.interval(nodes.start(b), nodes.end(b)),
                            NDArrayIndex.point(j));
                    INDArray now = f.get(NDArrayIndex.interval(nodes.start(b), nodes.end(b)), NDArrayIndex.point(j));
                    boolean same = original.equalsWithEps(now, 0);
                    assertTrue(same || original.neg().equalsWithEps(now, 0), "a column is kept or negated whole");
                    flips += same ? 0 : 1;
                }
            }
        }
        assertTrue(flips > 5 && flips < 25, "about half of 30 columns flipped, got " + flips);
    }

    @Test
    void refusesEdgesBetweenGraphsAndNoEigenvectors() {
        Graph g = Graph.builder(4).edges(new int[] {0, 1}, new int[] {1, 2}).build();
        var e = assertThrows(IllegalArgumentException.class, () -> new LaplacianPE(2).compute(g,
                Segments.ofSizes(new int[] {2, 2}), DataType.DOUBLE));
        assertEquals("edge 1 (1 -> 2) joins graph 0 to graph 1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LaplacianPE(0));
    }
}
