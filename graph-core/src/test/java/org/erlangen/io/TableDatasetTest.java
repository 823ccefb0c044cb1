package org.erlangen.io;

import static org.erlangen.io.TestFiles.assertFormatError;
import static org.erlangen.io.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.erlangen.graph.Graph;
import org.erlangen.graph.Splits;
import org.erlangen.io.TableOptions.TargetKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableDatasetTest {
    @TempDir
    Path dir;

    @Test
    void aNodeTaskIsOneGraphWithTheUsersIds() throws IOException {
        Path nodes = write(dir, "nodes.csv", "id,x,label", "carol,1,b", "alice,2,a", "bob,3,", "dave,4,b");
        Path edges = write(dir, "edges.csv", "source,target,weight", "alice,bob,1", "bob,carol,1", "carol,bob,2",
                "dave,dave,1");
        TableDataset data = TableDataset.read(nodes, edges, TableOptions.builder().target("label").build());
        assertFalse(data.graphLevel());
        assertTrue(data.classification());
        assertEquals(List.of("a", "b"), data.classes());
        assertArrayEquals(new int[] {1, 0, -1, 1}, data.labels());
        assertArrayEquals(new int[] {0, 1, 3}, data.labelled());
        assertEquals(List.of("carol", "alice", "bob", "dave"), data.itemIds());
        assertEquals("id", data.itemColumn());
        Graph g = data.graph();
        assertEquals(4, g.numNodes());
        // alice-bob both ways, bob-carol both ways (the reverse row repeats it), dave's loop once
        assertEquals(5, g.numEdges());
        assertArrayEquals(new int[] {1, 1, 2, 1}, g.inDegrees());
        assertEquals(-1, g.nodeTargets().getInt(2));
        assertEquals(2f, g.nodeFeatures().getFloat(1, 0));
        assertEquals(List.of("2 repeated edges kept once"), data.notes());
        assertEquals("4 nodes, 1 feature, 4 edges; target 'label': 2 classes (a, b) on 3 labelled nodes",
                data.summary());

        TableDataset directed = TableDataset.read(nodes, edges, TableOptions.builder().target("label")
                .directed(true).build());
        assertEquals(4, directed.graph().numEdges());
    }

    @Test
    void edgesNamingUnknownNodesAreRefusedByLine() throws IOException {
        Path nodes = write(dir, "nodes.csv", "id,x,label", "a,1,p", "b,2,q");
        Path edges = write(dir, "edges.csv", "from,to", "a,b", "b,zed");
        assertFormatError(() -> TableDataset.read(nodes, edges, TableOptions.builder().target("label").build()),
                "edges.csv:3:", "column 'to'", "no node 'zed'", "column 'id'");
        Path named = write(dir, "named.csv", "w,u,v", "1,a,b");
        TableDataset data = TableDataset.read(nodes, named, TableOptions.builder().target("label")
                .edgeColumns("u", "v").build());
        assertEquals(2, data.graph().numEdges());
    }

    @Test
    void theTargetKindComesFromTheValues() throws IOException {
        Path edges = write(dir, "edges.csv", "source,target");
        Path whole = write(dir, "whole.csv", "id,x,y", "a,1,2", "b,1,1.0", "c,1,10");
        TableDataset classes = TableDataset.read(whole, edges, TableOptions.builder().target("y").build());
        assertEquals(List.of("1", "2", "10"), classes.classes(), "whole numbers, ordered by value");
        assertArrayEquals(new int[] {1, 0, 2}, classes.labels());
        TableDataset numbers = TableDataset.read(whole, edges, TableOptions.builder().target("y")
                .targetKind(TargetKind.REGRESSION).build());
        assertNull(numbers.classes());
        assertArrayEquals(new double[] {2, 1, 10}, numbers.values());
        Path real = write(dir, "real.csv", "id,x,y", "a,1,0.5", "b,1,", "c,1,7");
        TableDataset values = TableDataset.read(real, edges, TableOptions.builder().target("y").build());
        assertFalse(values.classification());
        assertTrue(Double.isNaN(values.values()[1]));
        assertFormatError(() -> TableDataset.read(write(dir, "bad.csv", "id,x,y", "a,1,0.5", "b,1,lots"), edges,
                TableOptions.builder().target("y").targetKind(TargetKind.REGRESSION).build()), "bad.csv:3:",
                "column 'y'", "node 'b'", "'lots' is not a number");
    }

    @Test
    void aGraphColumnMakesAGraphTask() throws IOException {
        Path nodes = write(dir, "atoms.csv", "atom;molecule;element;toxic", "a1;m1;C;yes", "a2;m1;O;", "a3;m2;C;no",
                "a4;m2;C;no", "a5;m2;N;no", "a6;m3;O;");
        Path edges = write(dir, "bonds.csv", "source;target", "a1;a2", "a3;a4", "a4;a5");
        TableDataset data = TableDataset.read(nodes, edges, TableOptions.builder().target("toxic")
                .graphColumn("molecule").build());
        assertTrue(data.graphLevel());
        assertEquals(List.of("m1", "m2", "m3"), data.itemIds());
        assertEquals("molecule", data.itemColumn());
        assertEquals(List.of("no", "yes"), data.classes());
        assertArrayEquals(new int[] {1, 0, -1}, data.labels(), "m3 has no target value: unlabelled");
        assertEquals(List.of("element=C", "element=N", "element=O"), data.featureNames());
        List<Graph> graphs = data.graphs();
        assertEquals(List.of(2, 3, 1), graphs.stream().map(Graph::numNodes).toList());
        assertEquals(List.of(2, 4, 0), graphs.stream().map(Graph::numEdges).toList());
        assertEquals(1, graphs.get(1).nodeFeatures().getFloat(2, 1), "a5 is nitrogen");
        assertEquals(0, graphs.get(1).graphTargets().getInt(0));

        Path disagree = write(dir, "disagree.csv", "atom,molecule,toxic", "a1,m1,yes", "a2,m1,no");
        assertFormatError(() -> TableDataset.read(disagree, write(dir, "none.csv", "source,target"),
                TableOptions.builder().target("toxic").graphColumn("molecule").build()), "disagree.csv:3:",
                "column 'toxic'", "graph 'm1' is 'yes' on node 'a1' (line 2) but 'no' on node 'a2'");
        Path across = write(dir, "across.csv", "source;target", "a1;a2", "a2;a3");
        assertFormatError(() -> TableDataset.read(nodes, across, TableOptions.builder().target("toxic")
                .graphColumn("molecule").build()), "across.csv:3:", "joins node 'a2' of graph 'm1' and node 'a3' of "
                + "graph 'm2'");
    }

    @Test
    void noFeatureColumnsGiveAConstantFeature() throws IOException {
        TableDataset data = TableDataset.read(write(dir, "n.csv", "id,label", "a,x", "b,y"),
                write(dir, "e.csv", "source,target", "a,b"), TableOptions.builder().target("label").build());
        assertEquals(List.of("constant"), data.featureNames());
        assertEquals(1f, data.graph().nodeFeatures().getFloat(1, 0));
    }

    @Test
    void splitsComeFromTheSplitColumnOrAreStratified() throws IOException {
        Path edges = write(dir, "edges.csv", "source,target");
        Path marked = write(dir, "marked.csv", "id,x,label,part", "a,1,p,train", "b,1,q,TRAIN", "c,1,p,val",
                "d,1,q,test", "e,1,,", "f,1,p,holdout");
        TableDataset data = TableDataset.read(marked, edges, TableOptions.builder().target("label")
                .splitColumn("part").build());
        Splits.Split split = data.split(0.8, 0.1, 0.1, 0);
        assertArrayEquals(new int[] {0, 1}, split.train());
        assertArrayEquals(new int[] {2}, split.validation());
        assertArrayEquals(new int[] {3}, split.test());
        Path unlabelled = write(dir, "unlabelled.csv", "id,x,label,part", "a,1,p,train", "b,1,,test");
        TableDataset bad = TableDataset.read(unlabelled, edges, TableOptions.builder().target("label")
                .splitColumn("part").build());
        assertFormatError(() -> bad.split(0.8, 0.1, 0.1, 0), "puts node 'b' in test, but it has no 'label' value");

        List<String> lines = new ArrayList<>(List.of("id,x,label"));
        for (int i = 0; i < 100; i++) {
            lines.add("n" + i + ",1," + (i < 30 ? "rare" : i < 95 ? "common" : ""));
        }
        TableDataset random = TableDataset.read(write(dir, "many.csv", lines.toArray(String[]::new)), edges,
                TableOptions.builder().target("label").build());
        Splits.Split drawn = random.split(0.8, 0.1, 0.1, 7);
        assertEquals(95, drawn.train().length + drawn.validation().length + drawn.test().length, "labelled only");
        int[] labels = random.labels();
        long rareInTest = Arrays.stream(drawn.test()).filter(i -> labels[i] == 1).count();
        assertTrue(rareInTest >= 2 && rareInTest <= 4, "stratified: " + rareInTest);
        assertArrayEquals(drawn.train(), random.split(0.8, 0.1, 0.1, 7).train(), "seeded");
        List<Splits.Fold> folds = random.folds(5, 0);
        assertEquals(95, folds.stream().mapToInt(f -> f.test().length).sum());
        assertTrue(folds.stream().flatMapToInt(f -> IntStream.of(f.test())).allMatch(i -> labels[i] >= 0));
    }
}
