package org.erlangen.io;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.erlangen.graph.Graph;
import org.erlangen.primitives.IntList;
import org.erlangen.tensor.Workspace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads an OGB node-property dataset from its raw files, the layout OGB downloads (ogbn-arxiv, ogbn-products):
 * <ul>
 * <li>{@code raw/edge.csv.gz}: "src,dst" per edge, node ids 0..n-1, no header;
 * <li>{@code raw/node-feat.csv.gz}: line i holds node i's features, comma-separated;
 * <li>{@code raw/node-label.csv.gz}: line i holds node i's class, or "nan" or nothing when it has none (as
 *     ogbn-papers100M's labels have; -1, this library's own mark for none, is read as none too);
 * <li>optionally {@code raw/num-node-list.csv.gz} and {@code raw/num-edge-list.csv.gz}: the node and edge count,
 *     checked against the other files;
 * <li>{@code split/NAME/train.csv.gz}, {@code valid.csv.gz}, {@code test.csv.gz}: one node id per line
 *     (ogbn-arxiv's NAME is {@code time}, ogbn-products' {@code sales_ranking}).
 * </ul>
 * Each file may also be plain {@code .csv}; the {@code .csv.gz} is read when both are there.
 *
 * <p>The graph is made undirected as PyG's {@code to_undirected} does ({@link UndirectedEdges}): each edge in both
 * directions, each ordered pair once, a self loop once. The published GraphSAGE figures train on that graph (PyG's
 * ogbn-arxiv example symmetrises the citations; ogbn-products ships with {@code add_inverse_edge}). Features are kept
 * as the file gives them, in a FLOAT matrix; node targets are INT64, -1 for nodes without a label.
 *
 * <p>Files are parsed as streams of bytes into int arrays and the feature matrix itself ({@link NumberLines}): no
 * String per line and no boxed values, for the 2.4 million nodes and 62 million edges of ogbn-products.
 */
public final class OgbNodeReader {
    /** The layout's files, said in every message about a missing one. */
    static final String LAYOUT = "raw/edge.csv.gz, raw/node-feat.csv.gz, raw/node-label.csv.gz and "
            + "split/NAME/{train,valid,test}.csv.gz (or plain .csv)";
    private static final String[] PARTS = {"train", "valid", "test"};
    /** The most float32 values one matrix is filled with through its NIO view (2 GiB). */
    private static final long MAX_FEATURE_VALUES = Integer.MAX_VALUE / Float.BYTES;
    /** Rows of features parsed before they are copied into the matrix in one call. */
    private static final int CHUNK_VALUES = 1 << 16;
    private static final int UNLABELLED = -1;

    private OgbNodeReader() {
    }

    /** Reads the dataset in {@code folder} with the one split under {@code split/}. */
    public static PlanetoidDataset read(Path folder) throws IOException {
        return read(folder, null);
    }

    /**
     * Reads the dataset in {@code folder} with the split {@code split/<splitName>/}; a null name takes the one split
     * there is. The dataset's name is the folder's.
     */
    public static PlanetoidDataset read(Path folder, String splitName) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new DatasetFormatException(folder.toString(), "not a folder; an OGB node-property dataset is a "
                    + "folder with " + LAYOUT);
        }
        Path split = splitFolder(folder, splitName);
        requireFiles(folder, split);
        return new Parse(folder).run(split);
    }

    /** Whether {@code folder} holds the layout's edges and features, which is what tells it apart. */
    static boolean isLayout(Path folder) {
        return find(folder, "raw/edge") != null && find(folder, "raw/node-feat") != null;
    }

    /** The names of the splits under {@code split/}, sorted. */
    public static TreeSet<String> splitNames(Path folder) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        Path splits = folder.resolve("split");
        if (Files.isDirectory(splits)) {
            try (Stream<Path> list = Files.list(splits)) {
                list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).forEach(names::add);
            }
        }
        return names;
    }

    private static Path splitFolder(Path folder, String name) throws IOException {
        TreeSet<String> names = splitNames(folder);
        if (name != null) {
            if (!names.contains(name)) {
                throw new DatasetFormatException(folder.resolve("split").resolve(name).toString(), "no such split; "
                        + (names.isEmpty() ? "split/ holds none" : "split/ holds " + names));
            }
            return folder.resolve("split").resolve(name);
        }
        if (names.size() != 1) {
            throw new DatasetFormatException(folder.resolve("split").toString(), names.isEmpty()
                    ? "no split folder; an OGB node-property dataset has " + LAYOUT
                    : "several splits " + names + "; name the one to read");
        }
        return folder.resolve("split").resolve(names.first());
    }

    /** Names every missing file before anything is read: reading ogbn-products' features takes a while. */
    private static void requireFiles(Path folder, Path split) throws DatasetFormatException {
        List<String> missing = new ArrayList<>();
        for (String base : new String[] {"raw/edge", "raw/node-feat", "raw/node-label"}) {
            if (find(folder, base) == null) {
                missing.add(base + ".csv.gz");
            }
        }
        for (String part : PARTS) {
            if (find(split, part) == null) {
                missing.add(folder.relativize(split.resolve(part)) + ".csv.gz");
            }
        }
        if (!missing.isEmpty()) {
            throw new DatasetFormatException(folder.toString(), "missing " + String.join(", ", missing)
                    + " (nor as plain .csv); an OGB node-property dataset has " + LAYOUT);
        }
    }

    /** {@code base.csv.gz}, else {@code base.csv}, under {@code folder}; null when neither is a file. */
    private static Path find(Path folder, String base) {
        for (String suffix : new String[] {".csv.gz", ".csv"}) {
            Path file = folder.resolve(base + suffix);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        return null;
    }

    /** Opens {@code base.csv.gz} or {@code base.csv}; {@link #requireFiles} has named any that is missing. */
    private static NumberLines open(Path folder, String base) throws IOException {
        Path file = find(folder, base);
        return NumberLines.open(file != null ? file : folder.resolve(base + ".csv.gz"));
    }

    /** One dataset being read: labels first (their lines count the nodes), then features, edges and the split. */
    private static final class Parse {
        private final Path folder;
        private int numNodes;
        /** Where the node count comes from, for messages. */
        private String nodeCount;

        Parse(Path folder) {
            this.folder = folder;
        }

        PlanetoidDataset run(Path split) throws IOException {
            long[] labels = readLabels();
            numNodes = labels.length;
            nodeCount = "the " + numNodes + " nodes of " + relative("raw/node-label");
            long declared = declaredCount("raw/num-node-list");
            if (declared >= 0 && declared != numNodes) {
                throw new DatasetFormatException(find(folder, "raw/num-node-list").toString(), "says " + declared
                        + " nodes, but " + relative("raw/node-label") + " has " + numNodes + " lines");
            }
            int numClasses = 0;
            for (long label : labels) {
                numClasses = (int) Math.max(numClasses, label + 1);
            }
            Graph.Builder graph = Graph.builder(numNodes).nodeTargets(Nd4j.createFromArray(labels));
            graph.nodeFeatures(readFeatures());
            addEdges(graph);
            int[][] parts = readSplit(split);
            return new PlanetoidDataset(folder.toAbsolutePath().normalize().getFileName().toString(), graph.build(),
                    numClasses, parts[0], parts[1], parts[2]);
        }

        /** Line i is node i's class; "nan" or an empty line for none. */
        private long[] readLabels() throws IOException {
            IntList labels = new IntList();
            try (NumberLines in = open(folder, "raw/node-label")) {
                while (in.nextLine()) {
                    int label = in.nextIntOrMissing("a class label", UNLABELLED);
                    if (label < UNLABELLED) {
                        throw in.error("label " + label + " is negative; a class is 0 or more, and a node without "
                                + "one has 'nan', an empty line or -1");
                    }
                    in.endLine("one label per line (multi-task labels, as ogbn-proteins has, are not read)");
                    labels.add(label);
                }
                if (labels.size() == 0) {
                    throw new DatasetFormatException(in.source(), "no nodes; expected one label per node");
                }
            }
            long[] byNode = new long[labels.size()];
            for (int v = 0; v < byNode.length; v++) {
                byNode[v] = labels.get(v);
            }
            return byNode;
        }

        /** One row per node, all as wide as the first; parsed straight into the matrix's memory. */
        private INDArray readFeatures() throws IOException {
            try (NumberLines in = open(folder, "raw/node-feat")) {
                if (!in.nextLine()) {
                    throw new DatasetFormatException(in.source(), "empty; expected one line of features for each of "
                            + nodeCount);
                }
                float[] first = firstRow(in);
                int width = first.length;
                long values = (long) numNodes * width;
                if (values > MAX_FEATURE_VALUES) {
                    throw in.error(numNodes + " rows of " + width + " features make " + values + " values, more "
                            + "than the " + MAX_FEATURE_VALUES + " (2 GiB of float32) this reader fills one "
                            + "matrix with");
                }
                if (values * 2 > in.maxTextBytes() + 1) {
                    throw in.error(numNodes + " rows of " + width + " features need at least " + values * 2
                            + " bytes of text, more than the file can hold; is " + relative("raw/node-label")
                            + " the right length?");
                }
                INDArray features = Workspace.outside(() -> Nd4j.createUninitialized(DataType.FLOAT, numNodes,
                        width));
                FloatBuffer target = features.data().asNioFloat();
                int rowsPerChunk = Math.max(1, CHUNK_VALUES / width);
                float[] chunk = new float[rowsPerChunk * width];
                System.arraycopy(first, 0, chunk, 0, width);
                int inChunk = 1;
                for (int row = 1; row < numNodes; row++) {
                    if (!in.nextLine()) {
                        throw new DatasetFormatException(in.source(), "file ends after " + row + " lines, expected "
                                + "one for each of " + nodeCount);
                    }
                    if (inChunk == rowsPerChunk) {
                        target.put((row - inChunk) * width, chunk, 0, inChunk * width);
                        inChunk = 0;
                    }
                    int offset = inChunk * width;
                    for (int j = 0; j < width; j++) {
                        if (!in.more()) {
                            throw in.error("expected " + width + " feature values (as line 1 has), found " + j);
                        }
                        chunk[offset + j] = in.nextFloat("a feature value");
                    }
                    in.endLine(width + " feature values (as line 1 has)");
                    inChunk++;
                }
                target.put((numNodes - inChunk) * width, chunk, 0, inChunk * width);
                if (in.nextLine()) {
                    throw in.error("more lines than " + nodeCount + "; expected one line of features per node");
                }
                Nd4j.getAffinityManager().tagLocation(features, AffinityManager.Location.HOST);
                return features;
            }
        }

        /** The first line's features, which set the width. */
        private static float[] firstRow(NumberLines in) throws IOException {
            float[] row = new float[16];
            int width = 0;
            while (in.more()) {
                if (width == row.length) {
                    row = Arrays.copyOf(row, width * 2);
                }
                row[width++] = in.nextFloat("a feature value");
            }
            return Arrays.copyOf(row, width);
        }

        /**
         * The undirected edges. Their arrays live only in this call: the builder copies them, and ogbn-products'
         * 124 million directed edges take half a gigabyte per array.
         */
        private void addEdges(Graph.Builder graph) throws IOException {
            int[][] edges = readEdges();
            graph.edges(edges[0], edges[1]);
        }

        /** "src,dst" per line, made undirected; the file's own arrays are gone when this returns. */
        private int[][] readEdges() throws IOException {
            long declared = declaredCount("raw/num-edge-list");
            try (NumberLines in = open(folder, "raw/edge")) {
                // "a,b\n" is at least 4 bytes, so a declared count beyond the file's bytes cannot size the arrays
                int capacity = (int) Math.min(declared, in.maxTextBytes() / 4);
                IntList from = new IntList(capacity);
                IntList to = new IntList(capacity);
                while (in.nextNonBlankLine()) {
                    int a = checkNode(in, in.nextInt("a source node id"));
                    if (!in.more()) {
                        throw in.error("expected 'src,dst', found one node id");
                    }
                    int b = checkNode(in, in.nextInt("a target node id"));
                    in.endLine("'src,dst'");
                    from.add(a);
                    to.add(b);
                }
                if (declared >= 0 && declared != from.size()) {
                    throw new DatasetFormatException(find(folder, "raw/num-edge-list").toString(), "says "
                            + declared + " edges, but " + relative("raw/edge") + " has " + from.size());
                }
                try {
                    return UndirectedEdges.of(from.toArray(), to.toArray(), from.size(), numNodes);
                } catch (IllegalArgumentException e) {
                    throw new DatasetFormatException(in.source(), e.getMessage());
                }
            }
        }

        /** train, valid and test node ids, each node in at most one of them. */
        private int[][] readSplit(Path split) throws IOException {
            byte[] partOf = new byte[numNodes];
            int[] lineOf = new int[numNodes];
            int[][] parts = new int[PARTS.length][];
            for (int p = 0; p < PARTS.length; p++) {
                IntList nodes = new IntList();
                try (NumberLines in = open(split, PARTS[p])) {
                    while (in.nextNonBlankLine()) {
                        int node = checkNode(in, in.nextInt("a node id"));
                        in.endLine("one node id per line");
                        if (partOf[node] != 0) {
                            throw in.error("node " + node + " is already in " + PARTS[partOf[node] - 1]
                                    + " (line " + lineOf[node] + " of its file); each node is in one part at most");
                        }
                        partOf[node] = (byte) (p + 1);
                        lineOf[node] = (int) in.line();
                        nodes.add(node);
                    }
                }
                parts[p] = nodes.toArray();
            }
            return parts;
        }

        private int checkNode(NumberLines in, int node) throws DatasetFormatException {
            if (node < 0 || node >= numNodes) {
                throw in.error("node id " + node + " outside 0.." + (numNodes - 1) + " (" + nodeCount + ")");
            }
            return node;
        }

        /** The count in an optional one-line file, or -1 without one. */
        private long declaredCount(String base) throws IOException {
            if (find(folder, base) == null) {
                return -1;
            }
            try (NumberLines in = open(folder, base)) {
                if (!in.nextNonBlankLine()) {
                    throw new DatasetFormatException(in.source(), "empty; expected one count");
                }
                int count = in.nextInt("a count");
                in.endLine("one count (one graph)");
                if (count < 0) {
                    throw in.error("count " + count + " is negative");
                }
                if (in.nextNonBlankLine()) {
                    throw in.error("a second graph; this reader reads node-property datasets, one graph");
                }
                return count;
            }
        }

        /** The file name under the dataset folder, as found, for messages. */
        private String relative(String base) {
            Path file = find(folder, base);
            return file == null ? base + ".csv.gz" : folder.relativize(file).toString();
        }
    }
}
