package org.erlangen.io;

import static org.erlangen.io.TestFiles.assertFormatError;
import static org.erlangen.io.TestFiles.shared;
import static org.erlangen.io.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.erlangen.graph.Graph;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class PlanetoidReaderTest {
    @TempDir
    Path dir;

    @Test
    void bundledCoraHasTheStandardShapeAndSplit() throws IOException {
        PlanetoidDataset cora = PlanetoidReader.bundledCora();
        checkCora(cora);
    }

    @Test
    void sharedCoraMatchesItsFiles() throws IOException {
        Path folder = shared("cora/planetoid");
        PlanetoidDataset cora = PlanetoidReader.read(folder);
        checkCora(cora);
        long featureLines = Files.readAllLines(folder.resolve("cora.features.txt")).stream()
                .filter(l -> !l.startsWith("#") && !l.isBlank()).count();
        assertEquals(featureLines, cora.graph().nodeFeatures().sumNumber().longValue(), "binary features");
    }

    @Test
    void bundledCoraEqualsTheSharedCopy() throws IOException {
        PlanetoidDataset shared = PlanetoidReader.read(shared("cora/planetoid"), "cora");
        PlanetoidDataset bundled = PlanetoidReader.bundledCora();
        assertArrayEquals(shared.graph().senders(), bundled.graph().senders());
        assertArrayEquals(shared.graph().receivers(), bundled.graph().receivers());
        assertEquals(shared.graph().nodeFeatures(), bundled.graph().nodeFeatures());
        assertEquals(shared.graph().nodeTargets(), bundled.graph().nodeTargets());
        assertArrayEquals(shared.trainIndex(), bundled.trainIndex());
        assertArrayEquals(shared.valIndex(), bundled.valIndex());
        assertArrayEquals(shared.testIndex(), bundled.testIndex());
        assertEquals(shared.numClasses(), bundled.numClasses());
    }

    private static void checkCora(PlanetoidDataset cora) {
        Graph g = cora.graph();
        assertEquals("cora", cora.name());
        assertEquals(2708, g.numNodes());
        assertArrayEquals(new long[] {2708, 1433}, g.nodeFeatures().shape());
        assertEquals(DataType.FLOAT, g.nodeFeatures().dataType());
        assertEquals(7, cora.numClasses());
        assertEquals(10556, g.numEdges());
        assertSymmetricWithoutLoops(g);
        assertArrayEquals(IntStream.range(0, 140).toArray(), cora.trainIndex());
        assertArrayEquals(IntStream.range(140, 640).toArray(), cora.valIndex());
        assertEquals(1000, cora.testIndex().length);
        assertEquals(1000, count(cora.testMask()));
        assertEquals(140, count(cora.trainMask()));
        assertTrue(IntStream.of(cora.testIndex()).allMatch(i -> i >= 1708), "test nodes come from tx");
        INDArray y = g.nodeTargets();
        assertEquals(DataType.LONG, y.dataType());
        int[] perClass = new int[7];
        for (long label : y.toLongVector()) {
            perClass[(int) label]++;
        }
        assertArrayEquals(new int[] {351, 217, 418, 818, 426, 298, 180}, perClass);
        int[] trainPerClass = new int[7];
        for (int i : cora.trainIndex()) {
            trainPerClass[y.getInt(i)]++;
        }
        assertArrayEquals(new int[] {20, 20, 20, 20, 20, 20, 20}, trainPerClass);
    }

    @Test
    void pubmedUsesTheSameFormat() throws IOException {
        PlanetoidDataset pubmed = PlanetoidReader.read(shared("pubmed/planetoid"));
        Graph g = pubmed.graph();
        assertEquals("pubmed", pubmed.name());
        assertEquals(19717, g.numNodes());
        assertArrayEquals(new long[] {19717, 500}, g.nodeFeatures().shape());
        assertEquals(3, pubmed.numClasses());
        assertEquals(88648, g.numEdges());
        assertSymmetricWithoutLoops(g);
        assertEquals(60, pubmed.trainIndex().length);
        assertEquals(500, pubmed.valIndex().length);
        assertEquals(1000, pubmed.testIndex().length);
        double[] rowMax = g.nodeFeatures().amax(1).toDoubleVector();
        assertEquals(1060, IntStream.range(0, rowMax.length).filter(i -> rowMax[i] != 0).count());
    }

    // ---- a small synthetic dataset "toy" ----

    @BeforeEach
    void writeToy() throws IOException {
        write(dir, "toy.labels.txt", "# node_id label", "0 1", "1 0", "3 1", "2 -1");
        write(dir, "toy.features.txt", "# sparse node features (0-based; 3 features)", "0 0 1", "1 2 0.5", "3 1 2");
        write(dir, "toy.edges.txt", "# undirected edges", "0 1", "1 2", "", "2 3");
        write(dir, "toy.split.txt", "# node_id split", "0 train", "1 val", "3 test");
    }

    @Test
    void toyReads() throws IOException {
        PlanetoidDataset toy = PlanetoidReader.read(dir);
        Graph g = toy.graph();
        assertEquals(4, g.numNodes());
        assertEquals(2, toy.numClasses());
        assertArrayEquals(new long[] {1, 0, -1, 1}, g.nodeTargets().toLongVector());
        assertArrayEquals(new long[] {4, 3}, g.nodeFeatures().shape());
        assertArrayEquals(new float[] {0, 0, 0.5f}, g.nodeFeatures().getRow(1).toFloatVector());
        assertArrayEquals(new float[] {0, 0, 0}, g.nodeFeatures().getRow(2).toFloatVector());
        assertEquals(6, g.numEdges());
        assertSymmetricWithoutLoops(g);
        assertArrayEquals(new int[] {0}, toy.trainIndex());
        assertArrayEquals(new int[] {1}, toy.valIndex());
        assertArrayEquals(new boolean[] {false, false, false, true}, toy.testMask());
    }

    @Test
    void badNumberNamesFileAndLine() throws IOException {
        write(dir, "toy.features.txt", "# (3 features)", "0 0 1", "1 2 abc");
        assertFormatError(() -> PlanetoidReader.read(dir), "toy.features.txt:3:", "feature value", "'abc'");
    }

    @Test
    void wrongColumnCountNamesFileAndLine() throws IOException {
        write(dir, "toy.edges.txt", "# undirected edges", "0 1 2");
        assertFormatError(() -> PlanetoidReader.read(dir), "toy.edges.txt:2:", "'node_i node_j'", "found 3");
    }

    @Test
    void nodeIdOutOfRangeNamesFileAndLine() throws IOException {
        write(dir, "toy.edges.txt", "# undirected edges", "0 1", "2 9");
        assertFormatError(() -> PlanetoidReader.read(dir), "toy.edges.txt:3:", "node id 9 outside 0..3",
                "toy.labels.txt lists 4 nodes");
        write(dir, "toy.labels.txt", "# node_id label", "0 1", "1 0", "4 1", "2 -1");
        assertFormatError(() -> PlanetoidReader.read(dir), "toy.labels.txt:4:", "node id 4 outside 0..3");
    }

    @Test
    void featureIdBeyondTheDeclaredCountIsRefused() throws IOException {
        write(dir, "toy.features.txt", "# sparse node features (0-based; 3 features)", "0 3 1");
        assertFormatError(() -> PlanetoidReader.read(dir), "toy.features.txt:2:", "feature id 3 outside 0..2");
    }

    @Test
    void repeatedItemsAreRefused() throws IOException {
        write(dir, "toy.edges.txt", "# undirected edges", "0 1", "1 0");
        assertFormatError(() -> PlanetoidReader.read(dir), "toy.edges.txt:3:", "repeats line 2");
        write(dir, "toy.edges.txt", "0 1");
        write(dir, "toy.split.txt", "0 train", "0 test");
        assertFormatError(() -> PlanetoidReader.read(dir), "toy.split.txt:2:", "already assigned", "line 1");
        write(dir, "toy.split.txt", "0 train");
        write(dir, "toy.labels.txt", "0 1", "1 0", "1 1", "2 -1");
        assertFormatError(() -> PlanetoidReader.read(dir), "toy.labels.txt:3:", "node 1 is listed twice");
    }

    @Test
    void unknownSplitAndBadLabelAreRefused() throws IOException {
        write(dir, "toy.split.txt", "0 train", "1 dev");
        assertFormatError(() -> PlanetoidReader.read(dir), "toy.split.txt:2:", "'train', 'val' or 'test'", "'dev'");
        write(dir, "toy.split.txt", "0 train");
        write(dir, "toy.labels.txt", "0 1", "1 -2", "3 1", "2 -1");
        assertFormatError(() -> PlanetoidReader.read(dir), "toy.labels.txt:2:", "label -2");
    }

    @Test
    void missingFileIsNamed() throws IOException {
        Files.delete(dir.resolve("toy.split.txt"));
        assertFormatError(() -> PlanetoidReader.read(dir, "toy"), "toy.split.txt", "file not found");
        assertFormatError(() -> PlanetoidReader.read(dir), dir.toString(), "no NAME.edges.txt with");
    }

    private static void assertSymmetricWithoutLoops(Graph g) {
        Set<Long> edges = new HashSet<>();
        int[] s = g.senders();
        int[] r = g.receivers();
        for (int e = 0; e < s.length; e++) {
            assertTrue(s[e] != r[e], "no self loops");
            assertTrue(edges.add((long) s[e] * g.numNodes() + r[e]), "no duplicate edges");
        }
        for (int e = 0; e < s.length; e++) {
            assertTrue(edges.contains((long) r[e] * g.numNodes() + s[e]), "reverse of every edge");
        }
    }

    private static int count(boolean[] mask) {
        int n = 0;
        for (boolean b : mask) {
            n += b ? 1 : 0;
        }
        return n;
    }
}
