package org.erlangen.io;

import static org.erlangen.io.TestFiles.assertFormatError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.erlangen.graph.Graph;
import org.erlangen.testing.OgbFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

class OgbNodeReaderTest {
    private static final int NODES = 50;
    private static final int FEATURES = 8;
    private static final int CLASSES = 3;

    @TempDir
    Path dir;

    private OgbFolder write(String name, boolean gzip) throws IOException {
        return OgbFolder.write(dir.resolve(name), NODES, FEATURES, CLASSES, gzip, 42);
    }

    @Test
    void readsEveryValueGzippedAndPlain() throws IOException {
        for (boolean gzip : new boolean[] {true, false}) {
            OgbFolder written = write(gzip ? "ogbn_gz" : "ogbn_plain", gzip);
            assertEquals(DatasetFormat.OGB_NODE, DatasetFormat.detect(written.folder()));
            PlanetoidDataset data = OgbNodeReader.read(written.folder());
            Graph g = data.graph();
            assertEquals(gzip ? "ogbn_gz" : "ogbn_plain", data.name());
            assertEquals(NODES, g.numNodes());
            assertEquals(CLASSES, data.numClasses());

            assertEquals(DataType.FLOAT, g.nodeFeatures().dataType());
            assertArrayEquals(new long[] {NODES, FEATURES}, g.nodeFeatures().shape());
            float[][] features = g.nodeFeatures().toFloatMatrix();
            for (int v = 0; v < NODES; v++) {
                for (int j = 0; j < FEATURES; j++) {
                    String text = written.featureText()[v][j];
                    assertEquals(Float.floatToRawIntBits(Float.parseFloat(text)),
                            Float.floatToRawIntBits(features[v][j]), "node " + v + " feature " + j + ": " + text);
                }
            }

            assertEquals(DataType.LONG, g.nodeTargets().dataType());
            long[] targets = g.nodeTargets().toLongVector();
            for (int v = 0; v < NODES; v++) {
                assertEquals(written.labels()[v], targets[v], "label of node " + v);
            }
            assertEquals(-1, targets[OgbFolder.NAN_LABEL], "'nan' is no label");
            assertEquals(-1, targets[OgbFolder.EMPTY_LABEL], "an empty line is no label");

            assertArrayEquals(written.train(), data.trainIndex());
            assertArrayEquals(written.valid(), data.valIndex());
            assertArrayEquals(written.test(), data.testIndex());
            assertUndirectedAsPyg(written, g);
        }
    }

    /**
     * PyG's to_undirected: every written edge in both directions, each ordered pair once, stored by receiver and
     * then sender.
     */
    private static void assertUndirectedAsPyg(OgbFolder written, Graph g) {
        TreeSet<Long> expected = new TreeSet<>();
        for (int e = 0; e < written.from().length; e++) {
            expected.add((long) written.to()[e] * NODES + written.from()[e]);
            expected.add((long) written.from()[e] * NODES + written.to()[e]);
        }
        int[] senders = g.senders();
        int[] receivers = g.receivers();
        long[] stored = new long[senders.length];
        for (int e = 0; e < stored.length; e++) {
            stored[e] = (long) receivers[e] * NODES + senders[e];
        }
        assertArrayEquals(expected.stream().mapToLong(Long::longValue).toArray(), stored);
        // the written repeats: an edge twice, an edge both ways, a self loop
        assertTrue(stored.length < 2 * written.from().length, stored.length + " edges");
        assertEquals(1, Arrays.stream(stored).filter(k -> k == 3L * NODES + 3).count(), "self loop once");
    }

    @Test
    void duplicatesReversesAndSelfLoopsBecomeOneEdgeEachWay() throws IOException {
        OgbFolder written = write("small", false);
        Path raw = written.folder().resolve("raw");
        Files.writeString(raw.resolve("edge.csv"), "0,1\n1,0\n0,1\n2,2\n2,2\n3,4\n\n");
        Files.writeString(raw.resolve("num-edge-list.csv"), "6\n");
        Graph g = OgbNodeReader.read(written.folder()).graph();
        assertArrayEquals(new int[] {1, 0, 2, 4, 3}, g.senders());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, g.receivers());
    }

    @Test
    void theOneSplitIsTakenSeveralNeedAName() throws IOException {
        OgbFolder written = write("splits", false);
        Path other = Files.createDirectories(written.folder().resolve("split").resolve("random"));
        OgbFolder.write(other.resolve("train.csv"), List.of("7", "8"));
        OgbFolder.write(other.resolve("valid.csv"), List.of("9"));
        OgbFolder.write(other.resolve("test.csv"), List.of("10", "12"));
        assertFormatError(() -> OgbNodeReader.read(written.folder()), "split", "several splits [random, time]",
                "name the one");
        assertArrayEquals(new int[] {7, 8}, OgbNodeReader.read(written.folder(), "random").trainIndex());
        assertArrayEquals(written.train(), OgbNodeReader.read(written.folder(), "time").trainIndex());
        assertFormatError(() -> OgbNodeReader.read(written.folder(), "sales_ranking"), "sales_ranking",
                "no such split", "[random, time]");
    }

    /** Writes a plain folder, changes one file's lines, and expects a format error with every fragment. */
    private void assertDamaged(String file, UnaryOperator<List<String>> change, String... fragments)
            throws IOException {
        OgbFolder written = write("damaged-" + file.replace('/', '-') + "-" + System.nanoTime(), false);
        Path path = written.folder().resolve(file);
        List<String> lines = new ArrayList<>(Files.readAllLines(path, StandardCharsets.UTF_8));
        OgbFolder.write(path, change.apply(lines));
        assertFormatError(() -> OgbNodeReader.read(written.folder()), fragments);
    }

    private static UnaryOperator<List<String>> line(int number, String text) {
        return lines -> {
            lines.set(number - 1, text);
            return lines;
        };
    }

    @Test
    void eachDamagedFileIsNamedWithItsLine() throws IOException {
        assertDamaged("raw/edge.csv", line(3, "0,50"), "edge.csv:3:", "node id 50 outside 0..49",
                "the 50 nodes of raw/node-label.csv");
        assertDamaged("raw/edge.csv", line(4, "-1,2"), "edge.csv:4:", "node id -1 outside 0..49");
        assertDamaged("raw/edge.csv", line(2, "7"), "edge.csv:2:", "expected 'src,dst', found one node id");
        assertDamaged("raw/edge.csv", line(2, "7,8,9"), "edge.csv:2:", "expected 'src,dst', found more values");
        assertDamaged("raw/edge.csv", line(6, "7;8"), "edge.csv:6:", "expected a source node id (an integer)",
                "'7;8'");
        assertDamaged("raw/node-feat.csv", line(5, "1,2,3,4,5,6,7"), "node-feat.csv:5:",
                "expected 8 feature values (as line 1 has), found 7");
        assertDamaged("raw/node-feat.csv", line(5, "1,2,3,4,5,6,7,8,9"), "node-feat.csv:5:",
                "expected 8 feature values (as line 1 has), found more values");
        assertDamaged("raw/node-feat.csv", line(9, "1,2,3,abc,5,6,7,8"), "node-feat.csv:9:",
                "expected a feature value (a finite number), found 'abc'");
        assertDamaged("raw/node-feat.csv", line(9, "1,2,3,nan,5,6,7,8"), "node-feat.csv:9:", "found 'nan'");
        assertDamaged("raw/node-feat.csv", lines -> lines.subList(0, 49), "node-feat.csv",
                "file ends after 49 lines, expected one for each of the 50 nodes");
        assertDamaged("raw/node-feat.csv", lines -> {
            lines.add(lines.get(0));
            return lines;
        }, "node-feat.csv:51:", "more lines than the 50 nodes");
        assertDamaged("raw/node-label.csv", line(7, "2.5"), "node-label.csv:7:",
                "expected a class label (an integer), found '2.5'");
        assertDamaged("raw/node-label.csv", line(7, "-3"), "node-label.csv:7:", "label -3 is negative");
        assertDamaged("raw/node-label.csv", line(7, "1,2"), "node-label.csv:7:", "one label per line");
        assertDamaged("raw/num-node-list.csv", line(1, "51"), "num-node-list.csv", "says 51 nodes",
                "raw/node-label.csv has 50 lines");
        assertDamaged("raw/num-edge-list.csv", line(1, "3"), "num-edge-list.csv", "says 3 edges");
        String firstTrain = Files.readAllLines(write("probe", false).folder()
                .resolve("split/" + OgbFolder.SPLIT + "/train.csv")).get(0);
        assertDamaged("split/" + OgbFolder.SPLIT + "/valid.csv", line(2, firstTrain), "valid.csv:2:",
                "node " + firstTrain + " is already in train (line 1 of its file)");
        assertDamaged("split/" + OgbFolder.SPLIT + "/test.csv", lines -> {
            lines.add(lines.get(0));
            return lines;
        }, "test.csv:" + 11 + ":", "is already in test (line 1");
        assertDamaged("split/" + OgbFolder.SPLIT + "/test.csv", line(1, "50"), "test.csv:1:",
                "node id 50 outside 0..49");
        assertDamaged("split/" + OgbFolder.SPLIT + "/train.csv", line(3, "x"), "train.csv:3:",
                "expected a node id (an integer), found 'x'");
    }

    @Test
    void missingFilesSayWhatTheLayoutHas() throws IOException {
        OgbFolder written = write("missing", false);
        Files.delete(written.folder().resolve("raw/node-label.csv"));
        assertFormatError(() -> OgbNodeReader.read(written.folder()), "missing", "raw/node-label.csv.gz (nor as "
                + "plain .csv)", "raw/edge.csv.gz, raw/node-feat.csv.gz, raw/node-label.csv.gz and "
                + "split/NAME/{train,valid,test}.csv.gz");
        Files.delete(written.folder().resolve("raw/edge.csv"));
        Files.delete(written.folder().resolve("split/" + OgbFolder.SPLIT + "/test.csv"));
        assertFormatError(() -> OgbNodeReader.read(written.folder()), "missing raw/edge.csv.gz, raw/node-label.csv.gz, "
                + "split/" + OgbFolder.SPLIT + "/test.csv.gz (nor");
        OgbFolder noSplit = write("no-split", false);
        for (String part : new String[] {"train", "valid", "test"}) {
            Files.delete(noSplit.folder().resolve("split/" + OgbFolder.SPLIT + "/" + part + ".csv"));
        }
        Files.delete(noSplit.folder().resolve("split/" + OgbFolder.SPLIT));
        assertFormatError(() -> OgbNodeReader.read(noSplit.folder()), "split", "no split folder");
        assertFormatError(() -> OgbNodeReader.read(dir.resolve("nowhere")), "nowhere", "not a folder");
    }

    @Test
    void aDamagedGzipFileIsNamed() throws IOException {
        OgbFolder written = write("cut", true);
        Path features = written.folder().resolve("raw/node-feat.csv.gz");
        byte[] bytes = Files.readAllBytes(features);
        Files.write(features, Arrays.copyOf(bytes, bytes.length - 12));
        assertFormatError(() -> OgbNodeReader.read(written.folder()), "node-feat.csv.gz:", "gzip data is damaged");
    }

    @Test
    void anOgbFolderIsNotMistakenForAnother() throws IOException {
        OgbFolder written = write("both", false);
        TestFiles.write(written.folder(), "p.edges.txt", "0 1");
        for (String suffix : new String[] {"features", "labels", "split"}) {
            TestFiles.write(written.folder(), "p." + suffix + ".txt", "# empty");
        }
        assertFormatError(() -> DatasetFormat.detect(written.folder()), "holds both OGB raw files and Planetoid");
        // without node features it is no OGB folder
        Path edgesOnly = Files.createDirectories(dir.resolve("edges-only").resolve("raw"));
        TestFiles.write(edgesOnly, "edge.csv", "0,1");
        assertFormatError(() -> DatasetFormat.detect(edgesOnly.getParent()), "not a dataset this library reads",
                "an OGB node-property folder");
    }
}
