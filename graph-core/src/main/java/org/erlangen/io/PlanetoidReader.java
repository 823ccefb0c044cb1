package org.erlangen.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.erlangen.graph.Graph;
import org.erlangen.primitives.IntList;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads the plain-text Planetoid files {@code NAME.edges.txt} ("i j", one undirected edge per line),
 * {@code NAME.features.txt} (sparse "node feature value" triples), {@code NAME.labels.txt} ("node label", -1 for
 * none, one line per node) and {@code NAME.split.txt} ("node train|val|test"). Ids are 0-based; lines starting with
 * {@code #} are comments, and the features file's header says the feature count ("... 1433 features").
 */
public final class PlanetoidReader {
    private static final String[] SUFFIXES = {".edges.txt", ".features.txt", ".labels.txt", ".split.txt"};
    private static final Pattern FEATURE_COUNT = Pattern.compile("(\\d+) features");
    /** The most values a Java array holds. */
    private static final int MAX_CELLS = Integer.MAX_VALUE - 8;
    private static final String BUNDLED_CORA = "/org/erlangen/datasets/cora/";

    private PlanetoidReader() {
    }

    /** Reads the one Planetoid dataset in {@code folder}, finding NAME from its {@code NAME.edges.txt}. */
    public static PlanetoidDataset read(Path folder) throws IOException {
        return read(folder, detectName(folder));
    }

    public static PlanetoidDataset read(Path folder, String name) throws IOException {
        return new Parse(name, suffix -> TextLines.open(folder.resolve(name + suffix), "", false)).run();
    }

    /** Cora with the standard split, from the copy bundled in this library (no download, no data folder). */
    public static PlanetoidDataset bundledCora() throws IOException {
        return new Parse("cora", suffix -> {
            String resource = BUNDLED_CORA + "cora" + suffix;
            InputStream in = PlanetoidReader.class.getResourceAsStream(resource);
            if (in == null) {
                throw new DatasetFormatException("classpath:" + resource, "resource not found");
            }
            return TextLines.of(in, "classpath:" + resource, "", false);
        }).run();
    }

    /** The NAME of the one dataset in {@code folder} that has all four Planetoid text files. */
    public static String detectName(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new DatasetFormatException(folder.toString(), "not a folder; Planetoid data is a folder with "
                    + "NAME.edges.txt, NAME.features.txt, NAME.labels.txt and NAME.split.txt");
        }
        TreeSet<String> names = names(folder);
        if (names.size() != 1) {
            throw new DatasetFormatException(folder.toString(), names.isEmpty()
                    ? "no NAME.edges.txt with NAME.features.txt, NAME.labels.txt and NAME.split.txt beside it"
                    : "several Planetoid datasets in one folder " + names + "; name the one to read");
        }
        return names.first();
    }

    /** Every NAME with all four Planetoid text files in {@code folder}. */
    static TreeSet<String> names(Path folder) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(SUFFIXES[0]))
                    .map(f -> f.substring(0, f.length() - SUFFIXES[0].length()))
                    .filter(n -> hasAll(folder, n)).forEach(names::add);
        }
        return names;
    }

    private static boolean hasAll(Path folder, String name) {
        for (String suffix : SUFFIXES) {
            if (!Files.isRegularFile(folder.resolve(name + suffix))) {
                return false;
            }
        }
        return true;
    }

    /** Opens one of the four files by suffix. */
    private interface Opener {
        TextLines open(String suffix) throws IOException;
    }

    /** One dataset being read: labels first (they fix the node count), then features, edges and split. */
    private static final class Parse {
        private final String name;
        private final Opener opener;
        private int numNodes;

        Parse(String name, Opener opener) {
            this.name = name;
            this.opener = opener;
        }

        PlanetoidDataset run() throws IOException {
            long[] labels = readLabels();
            numNodes = labels.length;
            int numClasses = 0;
            for (long l : labels) {
                numClasses = (int) Math.max(numClasses, l + 1);
            }
            Graph.Builder graph = Graph.builder(numNodes).nodeTargets(Nd4j.createFromArray(labels));
            readFeatures(graph);
            int[][] edges = readEdges();
            graph.edges(edges[0], edges[1]);
            int[][] split = readSplit();
            return new PlanetoidDataset(name, graph.build(), numClasses, split[0], split[1], split[2]);
        }

        /** Every node must appear exactly once, with ids 0..n-1 in any order. */
        private long[] readLabels() throws IOException {
            IntList nodes = new IntList();
            IntList labels = new IntList();
            IntList lines = new IntList();
            try (TextLines in = opener.open(".labels.txt")) {
                for (String line; (line = next(in)) != null; ) {
                    String[] f = in.fields(line, 2, "'node label'");
                    int node = in.parseInt(f[0], "a node id");
                    int label = in.parseInt(f[1], "a class label");
                    if (node < 0) {
                        throw in.error("node id " + node + " is negative");
                    }
                    if (label < -1) {
                        throw in.error("label " + label + " is neither a class index >= 0 nor -1 (no label)");
                    }
                    nodes.add(node);
                    labels.add(label);
                    lines.add(in.lineNumber());
                }
                int n = nodes.size();
                long[] byNode = new long[n];
                boolean[] seen = new boolean[n];
                for (int k = 0; k < n; k++) {
                    int node = nodes.get(k);
                    if (node >= n) {
                        throw new DatasetFormatException(in.source(), lines.get(k), "node id " + node
                                + " outside 0.." + (n - 1) + "; this file must list each of its " + n
                                + " nodes once");
                    }
                    if (seen[node]) {
                        throw new DatasetFormatException(in.source(), lines.get(k), "node " + node
                                + " is listed twice");
                    }
                    seen[node] = true;
                    byNode[node] = labels.get(k);
                }
                if (n == 0) {
                    throw new DatasetFormatException(in.source(), "no nodes; expected one 'node label' line per node");
                }
                return byNode;
            }
        }

        private void readFeatures(Graph.Builder graph) throws IOException {
            try (TextLines in = opener.open(".features.txt")) {
                int declared = -1;
                IntList nodes = new IntList();
                IntList columns = new IntList();
                IntList values = new IntList();
                IntList lines = new IntList();
                for (String line; (line = in.next()) != null; ) {
                    if (line.startsWith("#")) {
                        Matcher m = FEATURE_COUNT.matcher(line);
                        if (declared < 0 && m.find()) {
                            declared = in.parseInt(m.group(1), "a feature count");
                            if (in.bytes() >= 0 && declared > in.bytes()) {
                                throw in.error("the header declares " + declared + " features, more than the "
                                        + "file's " + in.bytes() + " bytes; is the count right?");
                            }
                        }
                        continue;
                    }
                    String[] f = in.fields(line, 3, "'node feature value'");
                    int node = checkNode(in, in.parseInt(f[0], "a node id"));
                    int column = in.parseInt(f[1], "a feature id");
                    if (column < 0 || (declared >= 0 && column >= declared)) {
                        throw in.error("feature id " + column + " outside 0.." + (declared - 1)
                                + " (the header declares " + declared + " features)");
                    }
                    nodes.add(node);
                    columns.add(column);
                    values.add(Float.floatToRawIntBits(in.parseFloat(f[2], "a feature value")));
                    lines.add(in.lineNumber());
                }
                long width = declared;
                if (width < 0) {
                    width = 0;
                    for (int k = 0; k < columns.size(); k++) {
                        width = Math.max(width, columns.get(k) + 1L);
                    }
                    if (in.bytes() >= 0 && width > in.bytes()) {
                        throw new DatasetFormatException(in.source(), "feature id " + (width - 1) + " makes "
                                + width + " features, more than the file's " + in.bytes() + " bytes; without a "
                                + "'# N features' header the largest id sets the count");
                    }
                }
                if (numNodes * width > MAX_CELLS) {
                    throw new DatasetFormatException(in.source(), numNodes + " nodes of " + width + " features "
                            + "make " + numNodes * width + " values, more than the " + MAX_CELLS
                            + " one feature matrix can hold");
                }
                float[] dense = new float[(int) (numNodes * width)];
                boolean[] set = new boolean[dense.length];
                for (int k = 0; k < nodes.size(); k++) {
                    int cell = (int) (nodes.get(k) * width + columns.get(k));
                    if (set[cell]) {
                        throw new DatasetFormatException(in.source(), lines.get(k), "feature " + columns.get(k)
                                + " of node " + nodes.get(k) + " is given twice");
                    }
                    set[cell] = true;
                    dense[cell] = Float.intBitsToFloat(values.get(k));
                }
                if (width > 0) {
                    graph.nodeFeatures(Nd4j.create(dense, new long[] {numNodes, width}, 'c'));
                }
            }
        }

        /** Both directions of each undirected edge; a self loop once. */
        private int[][] readEdges() throws IOException {
            IntList senders = new IntList();
            IntList receivers = new IntList();
            Map<Long, Integer> firstLine = new HashMap<>();
            try (TextLines in = opener.open(".edges.txt")) {
                for (String line; (line = next(in)) != null; ) {
                    String[] f = in.fields(line, 2, "'node_i node_j'");
                    int a = checkNode(in, in.parseInt(f[0], "a node id"));
                    int b = checkNode(in, in.parseInt(f[1], "a node id"));
                    long key = (long) Math.min(a, b) * numNodes + Math.max(a, b);
                    Integer before = firstLine.putIfAbsent(key, in.lineNumber());
                    if (before != null) {
                        throw in.error("edge " + a + " " + b + " repeats line " + before
                                + "; this file lists each undirected edge once");
                    }
                    senders.add(a);
                    receivers.add(b);
                    if (a != b) {
                        senders.add(b);
                        receivers.add(a);
                    }
                }
            }
            return new int[][] {senders.toArray(), receivers.toArray()};
        }

        /** Train, val and test node lists. */
        private int[][] readSplit() throws IOException {
            IntList[] parts = {new IntList(), new IntList(), new IntList()};
            Map<Integer, Integer> firstLine = new HashMap<>();
            try (TextLines in = opener.open(".split.txt")) {
                for (String line; (line = next(in)) != null; ) {
                    String[] f = in.fields(line, 2, "'node split'");
                    int node = checkNode(in, in.parseInt(f[0], "a node id"));
                    int part = switch (f[1]) {
                        case "train" -> 0;
                        case "val" -> 1;
                        case "test" -> 2;
                        default -> throw in.error("expected split 'train', 'val' or 'test', found '" + f[1] + "'");
                    };
                    Integer before = firstLine.putIfAbsent(node, in.lineNumber());
                    if (before != null) {
                        throw in.error("node " + node + " is already assigned a split on line " + before);
                    }
                    parts[part].add(node);
                }
            }
            return new int[][] {parts[0].toArray(), parts[1].toArray(), parts[2].toArray()};
        }

        private int checkNode(TextLines in, int node) throws DatasetFormatException {
            if (node < 0 || node >= numNodes) {
                throw in.error("node id " + node + " outside 0.." + (numNodes - 1) + " (" + name
                        + ".labels.txt lists " + numNodes + " nodes)");
            }
            return node;
        }

        /** The next line that is not a {@code #} comment. */
        private static String next(TextLines in) throws IOException {
            String line;
            do {
                line = in.next();
            } while (line != null && line.startsWith("#"));
            return line;
        }
    }
}
