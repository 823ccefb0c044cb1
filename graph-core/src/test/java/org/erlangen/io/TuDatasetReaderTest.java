package org.erlangen.io;

import static org.erlangen.io.TestFiles.assertFormatError;
import static org.erlangen.io.TestFiles.shared;
import static org.erlangen.io.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.erlangen.graph.Graph;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class TuDatasetReaderTest {
    @TempDir
    Path dir;

    @Test
    void mutagMatchesItsFiles() throws IOException {
        Path folder = shared("tu-mutag");
        TuDataset mutag = TuDatasetReader.read(folder);
        assertEquals("MUTAG", mutag.name());
        assertEquals(188, mutag.graphs().size());
        assertEquals(2, mutag.numClasses());
        assertEquals(List.of(-1, 1), mutag.classLabels());
        assertEquals(7, mutag.nodeFeatureCount());
        assertEquals(4, mutag.edgeFeatureCount());

        List<Integer> indicator = ints(folder.resolve("MUTAG_graph_indicator.txt"));
        List<Integer> nodeLabels = ints(folder.resolve("MUTAG_node_labels.txt"));
        List<Integer> graphLabels = ints(folder.resolve("MUTAG_graph_labels.txt"));
        List<int[]> adjacency = pairs(folder.resolve("MUTAG_A.txt"));
        int[] nodesPerGraph = new int[188];
        indicator.forEach(g -> nodesPerGraph[g - 1]++);
        int[] edgesPerGraph = new int[188];
        adjacency.forEach(a -> edgesPerGraph[indicator.get(a[0] - 1) - 1]++);

        int totalNodes = 0;
        int totalEdges = 0;
        int positives = 0;
        for (int g = 0; g < 188; g++) {
            Graph graph = mutag.graphs().get(g);
            assertEquals(nodesPerGraph[g], graph.numNodes(), "nodes of graph " + (g + 1));
            assertEquals(edgesPerGraph[g], graph.numEdges(), "edges of graph " + (g + 1));
            assertEquals(graphLabels.get(g) == 1 ? 1 : 0, mutag.classOf(g));
            assertEquals(DataType.LONG, graph.graphTargets().dataType());
            INDArray x = graph.nodeFeatures();
            for (int i = 0; i < graph.numNodes(); i++) {
                int label = nodeLabels.get(totalNodes + i);
                for (int c = 0; c < 7; c++) {
                    assertEquals(c == label ? 1f : 0f, x.getFloat(i, c));
                }
            }
            assertEquals(graph.numEdges(), graph.edgeFeatures().sum().getDouble(), 0.0, "one-hot edge labels");
            totalNodes += graph.numNodes();
            totalEdges += graph.numEdges();
            positives += mutag.classOf(g);
        }
        assertEquals(3371, totalNodes);
        assertEquals(7442, totalEdges);
        assertEquals(125, positives);

        // The first graph's edges are the file's first entries, renumbered from 1-based global ids.
        Set<String> expected = new TreeSet<>();
        for (int[] a : adjacency.subList(0, edgesPerGraph[0])) {
            expected.add((a[0] - 1) + "->" + (a[1] - 1));
        }
        assertEquals(expected, edgeSet(mutag.graphs().get(0)));
        // The last graph's nodes start at a high global id; locally they are 0..n-1.
        Graph last = mutag.graphs().get(187);
        int firstGlobal = 3371 - nodesPerGraph[187];
        Set<String> lastExpected = new TreeSet<>();
        for (int[] a : adjacency.subList(adjacency.size() - edgesPerGraph[187], adjacency.size())) {
            lastExpected.add((a[0] - 1 - firstGlobal) + "->" + (a[1] - 1 - firstGlobal));
        }
        assertEquals(lastExpected, edgeSet(last));
    }

    @Test
    void mutagEdgeLabelsFollowTheirEdges() throws IOException {
        Path folder = shared("tu-mutag");
        TuDataset mutag = TuDatasetReader.read(folder);
        List<Integer> indicator = ints(folder.resolve("MUTAG_graph_indicator.txt"));
        List<int[]> adjacency = pairs(folder.resolve("MUTAG_A.txt"));
        List<Integer> edgeLabels = ints(folder.resolve("MUTAG_edge_labels.txt"));
        int[] firstNode = new int[189];
        for (int v = indicator.size() - 1; v >= 0; v--) {
            firstNode[indicator.get(v) - 1] = v;
        }
        Map<String, Integer> labelOf = new HashMap<>();
        for (int e = 0; e < adjacency.size(); e++) {
            int g = indicator.get(adjacency.get(e)[0] - 1) - 1;
            labelOf.put(g + ":" + (adjacency.get(e)[0] - 1 - firstNode[g]) + "->"
                    + (adjacency.get(e)[1] - 1 - firstNode[g]), edgeLabels.get(e));
        }
        for (int g = 0; g < 188; g++) {
            Graph graph = mutag.graphs().get(g);
            int[] s = graph.senders();
            int[] r = graph.receivers();
            for (int k = 0; k < s.length; k++) {
                int label = labelOf.get(g + ":" + s[k] + "->" + r[k]);
                assertEquals(1f, graph.edgeFeatures().getFloat(k, label), "graph " + g + " edge " + k);
            }
        }
    }

    @Test
    void nci1Loads() throws IOException {
        TuDataset nci1 = TuDatasetReader.read(shared("tu-nci1"));
        assertEquals("NCI1", nci1.name());
        assertEquals(4110, nci1.graphs().size());
        assertEquals(List.of(0, 1), nci1.classLabels());
        assertEquals(37, nci1.nodeFeatureCount());
        assertEquals(0, nci1.edgeFeatureCount());
        assertEquals(122747, nci1.graphs().stream().mapToInt(Graph::numNodes).sum());
        assertEquals(265506, nci1.graphs().stream().mapToInt(Graph::numEdges).sum());
        assertNull(nci1.graphs().get(0).edgeFeatures());
    }

    // ---- a small synthetic dataset "T": two graphs, node labels and attributes, edge labels ----

    @BeforeEach
    void writeToyDataset() throws IOException {
        write(dir, "T_graph_labels.txt", "7", "3");
        write(dir, "T_graph_indicator.txt", "1", "1", "1", "2", "2");
        write(dir, "T_node_labels.txt", "0", "2", "1", "1", "0");
        write(dir, "T_node_attributes.txt", "0.5, -1", "1,2", "3, 4", "5, 6", "7, 8.25");
        write(dir, "T_A.txt", "1, 2", "2, 1", "2, 3", "3, 2", "4, 5", "5, 4");
        write(dir, "T_edge_labels.txt", "0", "0", "1", "1", "2", "0");
    }

    @Test
    void toyDatasetConvertsIdsPerGraphAndConcatenatesFeatures() throws IOException {
        TuDataset t = TuDatasetReader.read(dir);
        assertEquals("T", t.name());
        assertEquals(List.of(3, 7), t.classLabels());
        assertEquals(5, t.nodeFeatureCount());
        assertEquals(3, t.edgeFeatureCount());
        Graph second = t.graphs().get(1);
        assertEquals(0, t.classOf(1));
        assertEquals(1, t.classOf(0));
        assertEquals(2, second.numNodes());
        assertEquals(Set.of("0->1", "1->0"), edgeSet(second));
        assertArrayEquals(new float[] {0, 1, 0, 5, 6}, second.nodeFeatures().getRow(0).toFloatVector());
        assertArrayEquals(new float[] {1, 0, 0, 7, 8.25f}, second.nodeFeatures().getRow(1).toFloatVector());
        // Stored sorted by receiver: edge 1->0 (file line 6, label 0) comes first.
        assertArrayEquals(new int[] {1, 0}, second.senders());
        assertArrayEquals(new float[] {1, 0, 0}, second.edgeFeatures().getRow(0).toFloatVector());
        assertArrayEquals(new float[] {0, 0, 1}, second.edgeFeatures().getRow(1).toFloatVector());
        Graph first = t.graphs().get(0);
        assertArrayEquals(new float[] {0, 0, 1, 1, 2}, first.nodeFeatures().getRow(1).toFloatVector());
    }

    @Test
    void badNumberNamesFileAndLine() throws IOException {
        write(dir, "T_A.txt", "1, 2", "2, x", "2, 3", "3, 2", "4, 5", "5, 4");
        assertFormatError(() -> TuDatasetReader.read(dir), "T_A.txt:2:", "node id", "'x'");
    }

    @Test
    void wrongColumnCountNamesFileAndLine() throws IOException {
        write(dir, "T_A.txt", "1, 2", "2, 1", "2, 3, 4", "3, 2", "4, 5", "5, 4");
        assertFormatError(() -> TuDatasetReader.read(dir), "T_A.txt:3:", "two node ids", "found 3");
        write(dir, "T_A.txt", "1, 2", "2, 1", "2, 3", "3, 2", "4, 5", "5, 4,");
        assertFormatError(() -> TuDatasetReader.read(dir), "T_A.txt:6:", "found 3");
    }

    @Test
    void nodeIdOutOfRangeNamesFileAndLine() throws IOException {
        write(dir, "T_A.txt", "1, 2", "2, 1", "2, 3", "3, 2", "4, 9", "5, 4");
        assertFormatError(() -> TuDatasetReader.read(dir), "T_A.txt:5:", "node id 9 outside 1..5");
        write(dir, "T_A.txt", "0, 2");
        assertFormatError(() -> TuDatasetReader.read(dir), "T_A.txt:1:", "node id 0 outside 1..5");
    }

    @Test
    void edgeAcrossGraphsNamesFileAndLine() throws IOException {
        write(dir, "T_A.txt", "1, 2", "2, 1", "3, 4", "3, 2", "4, 5", "5, 4");
        assertFormatError(() -> TuDatasetReader.read(dir), "T_A.txt:3:", "graph 1", "graph 2");
    }

    @Test
    void missingFilesAreNamed() throws IOException {
        Files.delete(dir.resolve("T_A.txt"));
        assertFormatError(() -> TuDatasetReader.read(dir), "T_A.txt", "file not found");
        Files.delete(dir.resolve("T_graph_indicator.txt"));
        assertFormatError(() -> TuDatasetReader.read(dir), dir.toString(), "no NAME_graph_indicator.txt");
        assertFormatError(() -> TuDatasetReader.read(dir, "T"), "T_graph_indicator.txt", "file not found");
    }

    @Test
    void lineCountsMustAgree() throws IOException {
        write(dir, "T_node_labels.txt", "0", "2", "1", "1");
        assertFormatError(() -> TuDatasetReader.read(dir), "T_node_labels.txt", "ends after 4 lines",
                "5 lines, one per line of T_graph_indicator.txt");
        write(dir, "T_node_labels.txt", "0", "2", "1", "1", "0");
        write(dir, "T_edge_labels.txt", "0", "0", "1", "1", "2", "0", "1");
        assertFormatError(() -> TuDatasetReader.read(dir), "T_edge_labels.txt:7:", "more lines than expected",
                "6 lines, one per line of T_A.txt");
    }

    @Test
    void graphIdsMustMatchTheGraphLabels() throws IOException {
        write(dir, "T_graph_indicator.txt", "1", "1", "1", "3", "3");
        assertFormatError(() -> TuDatasetReader.read(dir), "T_graph_indicator.txt:4:", "graph id 3 outside 1..2");
        write(dir, "T_graph_labels.txt", "7", "3", "3");
        write(dir, "T_graph_indicator.txt", "1", "1", "1", "2", "2");
        assertFormatError(() -> TuDatasetReader.read(dir), "T_graph_indicator.txt", "graph 3 has no nodes");
    }

    @Test
    void blankLineInsideAPositionalFileIsAnError() throws IOException {
        write(dir, "T_node_labels.txt", "0", "2", "", "1", "1", "0");
        assertFormatError(() -> TuDatasetReader.read(dir), "T_node_labels.txt:3:", "empty line");
        write(dir, "T_node_labels.txt", "0", "2", "1", "1", "0", "", "");
        assertEquals(2, TuDatasetReader.read(dir).graphs().size(), "trailing blank lines are fine");
    }

    @Test
    void attributeRowsMustHaveEqualLength() throws IOException {
        write(dir, "T_node_attributes.txt", "0.5, -1", "1,2", "3", "5, 6", "7, 8");
        assertFormatError(() -> TuDatasetReader.read(dir), "T_node_attributes.txt:3:", "2 comma-separated");
        write(dir, "T_node_attributes.txt", "0.5, -1", "1,2", "3, NaN", "5, 6", "7, 8");
        assertFormatError(() -> TuDatasetReader.read(dir), "T_node_attributes.txt:3:", "finite number", "'NaN'");
    }

    // ---- helpers reading the files independently of the reader ----

    private static List<Integer> ints(Path file) throws IOException {
        List<Integer> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                out.add(Integer.parseInt(line.trim()));
            }
        }
        return out;
    }

    private static List<int[]> pairs(Path file) throws IOException {
        List<int[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                String[] f = line.split(",");
                out.add(new int[] {Integer.parseInt(f[0].trim()), Integer.parseInt(f[1].trim())});
            }
        }
        return out;
    }

    private static Set<String> edgeSet(Graph g) {
        Set<String> out = new TreeSet<>();
        int[] s = g.senders();
        int[] r = g.receivers();
        for (int e = 0; e < s.length; e++) {
            out.add(s[e] + "->" + r[e]);
        }
        return out;
    }
}
