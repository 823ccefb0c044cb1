package org.erlangen.io;

import static org.erlangen.io.TestFiles.assertFormatError;
import static org.erlangen.io.TestFiles.shared;
import static org.erlangen.io.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.erlangen.graph.Graph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgeListReaderTest {
    @TempDir
    Path dir;

    @Test
    void facebookLightGraphsFile() throws IOException {
        Path file = shared("snap-graphs/facebook-combined.lg.txt");
        EdgeList undirected = EdgeListReader.read(file);
        Graph g = undirected.graph();
        assertFalse(undirected.directed(), "the header says u");
        assertEquals(4039, g.numNodes());
        assertEquals(2 * 88234, g.numEdges());
        assertEquals(0, undirected.duplicatesDropped());
        assertEquals("1", undirected.nodeIds().get(0));
        assertEquals(4038, undirected.indexOf("4039"));

        // Degrees counted straight from the file.
        int[] degree = new int[4039];
        List<String> lines = Files.readAllLines(file);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            degree[Integer.parseInt(f[0]) - 1]++;
            degree[Integer.parseInt(f[1]) - 1]++;
        }
        assertArrayEquals(degree, g.inDegrees());
        assertArrayEquals(degree, g.outDegrees());

        EdgeList directed = EdgeListReader.read(file, true);
        assertTrue(directed.directed());
        assertEquals(88234, directed.graph().numEdges());
        assertNull(directed.graph().edgeFeatures());
    }

    @Test
    void stringIdsCommentsAndMixedSeparators() throws IOException {
        Path file = write(dir, "people.txt", "# who knows whom", "alice bob", "% another comment", "",
                "bob,carol", "carol \t alice");
        EdgeList undirected = EdgeListReader.read(file);
        assertEquals(List.of("alice", "bob", "carol"), undirected.nodeIds());
        assertEquals(Set.of("0->1", "1->0", "1->2", "2->1", "2->0", "0->2"), edgeSet(undirected.graph()));

        EdgeList directed = EdgeListReader.read(file, true);
        assertEquals(Set.of("0->1", "1->2", "2->0"), edgeSet(directed.graph()));
        assertThrows(IllegalArgumentException.class, () -> directed.indexOf("dave"));
    }

    @Test
    void integerIdsAreNumberedInAscendingOrder() throws IOException {
        EdgeList list = EdgeListReader.read(write(dir, "ids.txt", "10 5", "5 100", "-3 10"), true);
        assertEquals(List.of("-3", "5", "10", "100"), list.nodeIds());
        assertEquals(2, list.indexOf("10"));
        assertEquals(Set.of("2->1", "1->3", "0->2"), edgeSet(list.graph()));

        EdgeList zeroBased = EdgeListReader.read(write(dir, "zero.txt", "2 0", "0 1", "3 2"), true);
        assertEquals(List.of("0", "1", "2", "3"), zeroBased.nodeIds());
        assertEquals(Set.of("2->0", "0->1", "3->2"), edgeSet(zeroBased.graph()));
    }

    @Test
    void weightsBecomeAnEdgeFeatureColumn() throws IOException {
        EdgeList list = EdgeListReader.read(write(dir, "w.txt", "a b 0.5", "b c 2", "c a -1.25e1"));
        Graph g = list.graph();
        assertTrue(list.weighted());
        assertArrayEquals(new long[] {6, 1}, g.edgeFeatures().shape());
        int[] s = g.senders();
        int[] r = g.receivers();
        for (int e = 0; e < s.length; e++) {
            Set<Integer> pair = Set.of(s[e], r[e]);
            float expected = pair.equals(Set.of(0, 1)) ? 0.5f : pair.equals(Set.of(1, 2)) ? 2f : -12.5f;
            assertEquals(expected, g.edgeFeatures().getFloat(e, 0), "edge " + s[e] + "->" + r[e]);
        }
    }

    @Test
    void duplicatesAndSelfLoopsAreStoredOnce() throws IOException {
        Path file = write(dir, "dup.txt", "1 2", "2 1", "1 2", "3 3");
        EdgeList undirected = EdgeListReader.read(file);
        assertEquals(Set.of("0->1", "1->0", "2->2"), edgeSet(undirected.graph()));
        assertEquals(3, undirected.graph().numEdges());
        assertEquals(4, undirected.duplicatesDropped());
        EdgeList directed = EdgeListReader.read(file, true);
        assertEquals(3, directed.graph().numEdges());
        assertEquals(1, directed.duplicatesDropped());
    }

    @Test
    void lightGraphsHeaderKeepsIsolatedNodesAndChecksCounts() throws IOException {
        EdgeList list = EdgeListReader.read(write(dir, "g.lg.txt", "5,2,d,toy", "1,2", "4,1"));
        assertTrue(list.directed());
        assertEquals(5, list.graph().numNodes());
        assertEquals(Set.of("0->1", "3->0"), edgeSet(list.graph()));

        assertFormatError(() -> EdgeListReader.read(write(dir, "n.lg.txt", "3,1,u,toy", "1,7")), "n.lg.txt:2:",
                "node id '7'", "1..3");
        assertFormatError(() -> EdgeListReader.read(write(dir, "m.lg.txt", "3,2,u,toy", "1,2")), "m.lg.txt",
                "announces 2 edges", "has 1");
    }

    @Test
    void malformedLinesNameFileAndLine() throws IOException {
        assertFormatError(() -> EdgeListReader.read(write(dir, "cols.txt", "a b", "# note", "b c 3")), "cols.txt:3:",
                "'u v' like line 1", "found 3");
        assertFormatError(() -> EdgeListReader.read(write(dir, "one.txt", "a b", "c")), "one.txt:2:", "found 1");
        assertFormatError(() -> EdgeListReader.read(write(dir, "four.txt", "a b c d")), "four.txt:1:",
                "'u v' or 'u v weight'");
        assertFormatError(() -> EdgeListReader.read(write(dir, "weight.txt", "a b 1", "b c heavy")), "weight.txt:2:",
                "edge weight", "'heavy'");
        assertFormatError(() -> EdgeListReader.read(write(dir, "empty.txt", "# nothing")), "empty.txt", "no edges");
        assertFormatError(() -> EdgeListReader.read(dir.resolve("absent.txt")), "absent.txt", "file not found");
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
