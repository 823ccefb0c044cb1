package org.erlangen.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dataset readers of the command line, fuzzed ({@link Fuzz}: a fixed number of seeded mutations each) and fed
 * the hostile files that once crashed or exhausted them: each refuses with a {@link DatasetFormatException} before
 * allocating what the file cannot hold.
 */
class ReaderFuzzTest {
    /** Cases per format: a few seconds each on a CI machine. */
    static final int CASES = 2000;

    @TempDir
    Path dir;

    private static Map<String, String> tu() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("toy_A.txt", "1, 2\n2, 1\n2, 3\n3, 2\n4, 5\n5, 4\n5, 6\n6, 5\n");
        files.put("toy_graph_indicator.txt", "1\n1\n1\n2\n2\n2\n");
        files.put("toy_graph_labels.txt", "1\n-1\n");
        files.put("toy_node_labels.txt", "0\n1\n2\n0\n1\n1\n");
        files.put("toy_node_attributes.txt", "0.5, 1.0\n-1, 2\n3e-2, 4\n0, 0\n1, 1\n2.5, -0.5\n");
        files.put("toy_edge_labels.txt", "0\n0\n1\n1\n0\n0\n1\n1\n");
        files.put("toy_edge_attributes.txt", "0.25\n0.25\n1\n1\n0.5\n0.5\n2\n2\n");
        return files;
    }

    private static Map<String, String> planetoid() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("toy.labels.txt", "# node label\n0 0\n1 1\n2 0\n3 -1\n4 1\n");
        files.put("toy.features.txt", "# 5 nodes, 3 features\n0 0 1\n1 2 0.5\n2 1 1\n3 0 2\n4 2 -1\n");
        files.put("toy.edges.txt", "0 1\n1 2\n2 3\n3 4\n4 0\n");
        files.put("toy.split.txt", "0 train\n1 train\n2 val\n3 test\n4 test\n");
        return files;
    }

    private static Map<String, String> ogb() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("raw/edge.csv", "0,1\n1,2\n2,3\n3,4\n4,0\n2,2\n");
        files.put("raw/node-feat.csv", "0.5,1\n-1,2e-3\n0,0\n1.25,-0\n3,4\n");
        files.put("raw/node-label.csv", "0\n1\nnan\n\n1\n");
        files.put("raw/num-node-list.csv", "5\n");
        files.put("raw/num-edge-list.csv", "6\n");
        files.put("split/time/train.csv", "0\n1\n");
        files.put("split/time/valid.csv", "4\n");
        files.put("split/time/test.csv", "2\n3\n");
        return files;
    }

    @Test
    void edgeListsSurviveFuzzing() throws Exception {
        var plain = Fuzz.file("g.txt", "# a graph\n0 1 0.5\n1 2 1.5\n2 0 2\n3 4 1\n4 5 -1\n",
                DatasetFormatException.class).cases(CASES).seed(11).run(dir.resolve("plain"), EdgeListReader::read);
        var lg = Fuzz.file("g.lg.txt", "6,5,u,toy\n1,2\n2,3\n3,1\n4,5\n5,6\n", DatasetFormatException.class)
                .cases(CASES).seed(12).run(dir.resolve("lg"), EdgeListReader::read);
        assertTrue(plain.accepted() > 0 && plain.refused() > 0, plain.toString());
        assertTrue(lg.accepted() > 0 && lg.refused() > 0, lg.toString());
    }

    @Test
    void tuDatasetsSurviveFuzzing() throws Exception {
        var result = Fuzz.folder(tu(), DatasetFormatException.class).cases(CASES).seed(21)
                .run(dir, TuDatasetReader::read);
        assertTrue(result.accepted() > 0 && result.refused() > 0, result.toString());
    }

    @Test
    void planetoidDatasetsSurviveFuzzing() throws Exception {
        var result = Fuzz.folder(planetoid(), DatasetFormatException.class).cases(CASES).seed(31)
                .run(dir, PlanetoidReader::read);
        assertTrue(result.accepted() > 0 && result.refused() > 0, result.toString());
    }

    @Test
    void ogbNodeFoldersSurviveFuzzing() throws Exception {
        var result = Fuzz.folder(ogb(), DatasetFormatException.class).cases(CASES).seed(51)
                .run(dir, OgbNodeReader::read);
        assertTrue(result.accepted() > 0 && result.refused() > 0, result.toString());
    }

    @Test
    void tablesSurviveFuzzing() throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("nodes.csv", "id,x,colour,label\ncarol,1,red,b\nalice,2.5,blue,a\nbob,-3,red,\ndave,4e2,green,b\n");
        files.put("edges.csv", "source,target,weight\nalice,bob,1\nbob,carol,1\ncarol,bob,2\ndave,dave,1\n");
        TableOptions options = TableOptions.builder().target("label").build();
        var result = Fuzz.folder(files, DatasetFormatException.class).cases(CASES).seed(41)
                .run(dir, folder -> TableDataset.read(folder.resolve("nodes.csv"), folder.resolve("edges.csv"),
                        options));
        assertTrue(result.accepted() > 0 && result.refused() > 0, result.toString());
    }

    private static void assertRefused(Fuzz.Reader reader, Path input, String fragment) {
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> reader.read(input));
        assertTrue(e.getMessage().contains(fragment), "message should contain '" + fragment + "': "
                + e.getMessage());
    }

    @Test
    void aTinyEdgeListCannotDeclareBillionsOfNodes() throws IOException {
        // 21 bytes that once thrashed for 73 s and then ran out of memory
        Path file = Files.writeString(dir.resolve("big.lg.txt"), "2000000000,1,u,x\n1 2\n");
        assertEquals(21, Files.size(file));
        assertRefused(EdgeListReader::read, file, "declares 2000000000 nodes, more than 16 per byte");
        Path edges = Files.writeString(dir.resolve("edges.lg.txt"), "3,1000,u,x\n1 2\n");
        assertRefused(EdgeListReader::read, edges, "declares 1000 edges, more than the file's 15 bytes can hold");
    }

    @Test
    void aPlanetoidHeaderCannotDeclareAMillionFeatures() throws IOException {
        Map<String, String> files = planetoid();
        files.put("toy.features.txt", "# 1000000 features\n0 0 1\n");
        for (var e : files.entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue());
        }
        assertRefused(PlanetoidReader::read, dir, "declares 1000000 features, more than the file's 25 bytes");
        // without a header the largest feature id sets the width, with the same bound
        Files.writeString(dir.resolve("toy.features.txt"), "0 2000000000 1\n");
        assertRefused(PlanetoidReader::read, dir, "feature id 2000000000 makes 2000000001 features");
    }

    @Test
    void aTuAttributeLineCannotDeclareMoreValuesThanTheFileHolds() throws IOException {
        Map<String, String> files = tu();
        // 700,000 fields on the first of six lines: 4.2 million values from a 1.4 MB file
        files.put("toy_node_attributes.txt", "1" + ",1".repeat(699_999) + "\n1\n1\n1\n1\n1\n");
        for (var e : files.entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue());
        }
        assertRefused(TuDatasetReader::read, dir, "line 1 has 700000 attributes, so 6 lines would hold 4200000 "
                + "values");
        files.put("toy_node_attributes.txt", tu().get("toy_node_attributes.txt"));
        files.put("toy_node_labels.txt", "0\n1\n2\n0\n1\n99999\n");
        Files.writeString(dir.resolve("toy_node_attributes.txt"), files.get("toy_node_attributes.txt"));
        Files.writeString(dir.resolve("toy_node_labels.txt"), files.get("toy_node_labels.txt"));
        assertRefused(TuDatasetReader::read, dir, "so 6 one-hot rows would hold 600000 values, more than 1024 per "
                + "byte");
    }
}
