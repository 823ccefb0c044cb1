package org.erlangen.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.erlangen.graph.Graph;
import org.erlangen.primitives.IntList;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads the TUDataset text format: a folder with {@code NAME_A.txt} (one directed adjacency entry "a, b" per line),
 * {@code NAME_graph_indicator.txt} (graph id of node i on line i), {@code NAME_graph_labels.txt} (class of graph i
 * on line i) and optionally {@code NAME_node_labels.txt}, {@code NAME_node_attributes.txt},
 * {@code NAME_edge_labels.txt} and {@code NAME_edge_attributes.txt}. Node and graph ids are 1-based and global over
 * the whole dataset; each returned graph numbers its own nodes from 0.
 */
public final class TuDatasetReader {
    private static final Pattern INDICATOR = Pattern.compile("(.+)_graph_indicator\\.txt");
    /** One-hot columns beyond this mean the "labels" are not categories (or the file is damaged). */
    private static final int MAX_ONE_HOT = 100_000;
    /**
     * One-hot values per byte of a labels file: real datasets have tens (a few hundred categories, a few bytes a
     * line); more means labels spread over a range that is not a set of categories.
     */
    private static final int ONE_HOT_PER_BYTE = 1024;
    /** The most values a Java array holds. */
    private static final int MAX_CELLS = Integer.MAX_VALUE - 8;

    private TuDatasetReader() {
    }

    /** Reads the single dataset in {@code folder}, finding NAME from its {@code NAME_graph_indicator.txt}. */
    public static TuDataset read(Path folder) throws IOException {
        return read(folder, detectName(folder));
    }

    public static TuDataset read(Path folder, String name) throws IOException {
        return new Parse(folder, name).run();
    }

    /** The NAME of the one TUDataset in {@code folder}. */
    public static String detectName(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new DatasetFormatException(folder.toString(), "not a folder; a TUDataset is a folder of NAME_*.txt "
                    + "files");
        }
        TreeSet<String> names = names(folder);
        if (names.size() != 1) {
            throw new DatasetFormatException(folder.toString(), names.isEmpty()
                    ? "no NAME_graph_indicator.txt found, so this is not a TUDataset folder"
                    : "several TUDatasets in one folder " + names + "; name the one to read");
        }
        return names.first();
    }

    /** Every NAME with a {@code NAME_graph_indicator.txt} in {@code folder}. */
    static TreeSet<String> names(Path folder) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.forEach(f -> {
                Matcher m = INDICATOR.matcher(f.getFileName().toString());
                if (m.matches()) {
                    names.add(m.group(1));
                }
            });
        }
        return names;
    }

    /** The state of reading one dataset: global node and edge arrays, then split into graphs. */
    private static final class Parse {
        private final Path folder;
        private final String name;
        private int[] graphOfNode;
        private int numGraphs;
        private int numNodes;

        Parse(Path folder, String name) {
            this.folder = folder;
            this.name = name;
        }

        private Path file(String suffix) {
            return folder.resolve(name + "_" + suffix + ".txt");
        }

        TuDataset run() throws IOException {
            int[] rawGraphLabels = readGraphLabels();
            numGraphs = rawGraphLabels.length;
            graphOfNode = readGraphIndicator();
            numNodes = graphOfNode.length;
            int[][] edges = readAdjacency();
            int numEdges = edges[0].length;

            OneHot nodeLabels = readLabels("node_labels", numNodes, "NAME_graph_indicator.txt");
            Attributes nodeAttributes = readAttributes("node_attributes", numNodes, "NAME_graph_indicator.txt");
            OneHot edgeLabels = readLabels("edge_labels", numEdges, "NAME_A.txt");
            Attributes edgeAttributes = readAttributes("edge_attributes", numEdges, "NAME_A.txt");
            int nodeWidth = nodeLabels.width() + nodeAttributes.width();
            int edgeWidth = edgeLabels.width() + edgeAttributes.width();
            checkCells("node", numNodes, nodeWidth);
            checkCells("edge", numEdges, edgeWidth);

            List<Integer> classLabels = new ArrayList<>(new TreeSet<>(toList(rawGraphLabels)));

            // Counting sort of nodes and edges by graph; within a graph, file order is kept.
            int[] nodeStart = starts(graphOfNode, numGraphs);
            for (int g = 0; g < numGraphs; g++) {
                if (nodeStart[g + 1] == nodeStart[g]) {
                    throw new DatasetFormatException(file("graph_indicator").toString(), "graph " + (g + 1)
                            + " has no nodes, though " + name + "_graph_labels.txt lists " + numGraphs + " graphs");
                }
            }
            int[] localIndex = new int[numNodes];
            int[] fill = nodeStart.clone();
            int[] nodesByGraph = new int[numNodes];
            for (int v = 0; v < numNodes; v++) {
                int g = graphOfNode[v];
                localIndex[v] = fill[g] - nodeStart[g];
                nodesByGraph[fill[g]++] = v;
            }
            int[] graphOfEdge = new int[numEdges];
            for (int e = 0; e < numEdges; e++) {
                graphOfEdge[e] = graphOfNode[edges[0][e]];
            }
            int[] edgeStart = starts(graphOfEdge, numGraphs);
            int[] edgesByGraph = new int[numEdges];
            fill = edgeStart.clone();
            for (int e = 0; e < numEdges; e++) {
                edgesByGraph[fill[graphOfEdge[e]]++] = e;
            }

            List<Graph> graphs = new ArrayList<>(numGraphs);
            for (int g = 0; g < numGraphs; g++) {
                int n = nodeStart[g + 1] - nodeStart[g];
                int m = edgeStart[g + 1] - edgeStart[g];
                int[] senders = new int[m];
                int[] receivers = new int[m];
                float[] edgeFeatures = new float[m * edgeWidth];
                for (int k = 0; k < m; k++) {
                    int e = edgesByGraph[edgeStart[g] + k];
                    senders[k] = localIndex[edges[0][e]];
                    receivers[k] = localIndex[edges[1][e]];
                    edgeLabels.write(e, edgeFeatures, k * edgeWidth);
                    edgeAttributes.write(e, edgeFeatures, k * edgeWidth + edgeLabels.width());
                }
                float[] nodeFeatures = new float[n * nodeWidth];
                for (int i = 0; i < n; i++) {
                    int v = nodesByGraph[nodeStart[g] + i];
                    nodeLabels.write(v, nodeFeatures, i * nodeWidth);
                    nodeAttributes.write(v, nodeFeatures, i * nodeWidth + nodeLabels.width());
                }
                Graph.Builder b = Graph.builder(n).edges(senders, receivers)
                        .graphTargets(Nd4j.createFromArray(new long[] {classLabels.indexOf(rawGraphLabels[g])}));
                if (nodeWidth > 0) {
                    b.nodeFeatures(matrix(nodeFeatures, n, nodeWidth));
                }
                if (edgeWidth > 0) {
                    b.edgeFeatures(matrix(edgeFeatures, m, edgeWidth));
                }
                graphs.add(b.build());
            }
            return new TuDataset(name, graphs, classLabels, nodeWidth, edgeWidth);
        }

        /** Features of all nodes (or edges) must fit the arrays that hold them. */
        private void checkCells(String what, int count, int width) throws DatasetFormatException {
            if ((long) count * width > MAX_CELLS) {
                throw new DatasetFormatException(folder.toString(), count + " " + what + "s of " + width
                        + " feature columns (labels one-hot, then attributes) make " + (long) count * width
                        + " values, more than the " + MAX_CELLS + " that the arrays holding them can");
            }
        }

        private int[] readGraphLabels() throws IOException {
            IntList labels = new IntList();
            try (TextLines in = TextLines.open(file("graph_labels"), "", true)) {
                for (String line; (line = in.next()) != null; ) {
                    labels.add(in.parseInt(in.fields(line, 1, "one graph label")[0], "a graph label"));
                }
                if (labels.size() == 0) {
                    throw new DatasetFormatException(in.source(), "no graph labels; expected one line per graph");
                }
            }
            return labels.toArray();
        }

        /** Graph index (0-based) of every node. */
        private int[] readGraphIndicator() throws IOException {
            IntList graphs = new IntList();
            try (TextLines in = TextLines.open(file("graph_indicator"), "", true)) {
                for (String line; (line = in.next()) != null; ) {
                    int g = in.parseInt(in.fields(line, 1, "one graph id")[0], "a graph id");
                    if (g < 1 || g > numGraphs) {
                        throw in.error("graph id " + g + " outside 1.." + numGraphs + " (" + name
                                + "_graph_labels.txt has " + numGraphs + " lines)");
                    }
                    graphs.add(g - 1);
                }
            }
            return graphs.toArray();
        }

        /** Senders and receivers (0-based global node ids) of every adjacency entry. */
        private int[][] readAdjacency() throws IOException {
            IntList from = new IntList();
            IntList to = new IntList();
            try (TextLines in = TextLines.open(file("A"), "", true)) {
                for (String line; (line = in.next()) != null; ) {
                    String[] f = in.fields(line, 2, "two node ids 'a, b'");
                    int a = node(in, f[0]);
                    int b = node(in, f[1]);
                    if (graphOfNode[a] != graphOfNode[b]) {
                        throw in.error("edge " + (a + 1) + ", " + (b + 1) + " joins node " + (a + 1) + " of graph "
                                + (graphOfNode[a] + 1) + " to node " + (b + 1) + " of graph " + (graphOfNode[b] + 1)
                                + "; edges must stay within one graph");
                    }
                    from.add(a);
                    to.add(b);
                }
            }
            return new int[][] {from.toArray(), to.toArray()};
        }

        private int node(TextLines in, String token) throws DatasetFormatException {
            int id = in.parseInt(token, "a node id");
            if (id < 1 || id > numNodes) {
                throw in.error("node id " + id + " outside 1.." + numNodes + " (" + name
                        + "_graph_indicator.txt has " + numNodes + " lines)");
            }
            return id - 1;
        }

        /** Optional categorical labels, one per node or edge, as one-hot columns min..max. */
        private OneHot readLabels(String suffix, int count, String countedBy) throws IOException {
            Path path = file(suffix);
            if (!Files.exists(path)) {
                return OneHot.NONE;
            }
            int[] labels = new int[count];
            try (TextLines in = TextLines.open(path, "", true)) {
                for (int i = 0; i < count; i++) {
                    String line = in.require(count + " lines, one per line of " + countedBy.replace("NAME", name));
                    labels[i] = in.parseInt(in.fields(line, 1, "one label")[0], "a label");
                }
                rejectExtraLine(in, count, countedBy);
            }
            if (count == 0) {
                return OneHot.NONE;
            }
            int min = Integer.MAX_VALUE;
            int max = Integer.MIN_VALUE;
            for (int l : labels) {
                min = Math.min(min, l);
                max = Math.max(max, l);
            }
            long width = (long) max - min + 1;
            if (width > MAX_ONE_HOT) {
                throw new DatasetFormatException(path.toString(), "labels range over " + min + ".." + max
                        + ", too many values for one-hot features");
            }
            long bytes = Files.size(path);
            if (count * width > ONE_HOT_PER_BYTE * bytes) {
                throw new DatasetFormatException(path.toString(), "labels range over " + min + ".." + max
                        + ", so " + count + " one-hot rows would hold " + count * width + " values, more than "
                        + ONE_HOT_PER_BYTE + " per byte of the file's " + bytes + "; are the labels categories?");
            }
            return new OneHot(labels, min, (int) width);
        }

        /** Optional real attribute vectors, one per node or edge, all of the same length. */
        private Attributes readAttributes(String suffix, int count, String countedBy) throws IOException {
            Path path = file(suffix);
            if (!Files.exists(path) || count == 0) {
                return Attributes.NONE;
            }
            float[] values = null;
            int width = 0;
            try (TextLines in = TextLines.open(path, "", true)) {
                for (int i = 0; i < count; i++) {
                    String line = in.require(count + " lines, one per line of " + countedBy.replace("NAME", name));
                    String[] f;
                    if (values == null) {
                        f = in.fields(line);
                        width = f.length;
                        // each value takes at least a byte, so the first line's width bounds what the file holds
                        if ((long) count * width > in.bytes()) {
                            throw in.error("line 1 has " + width + " attributes, so " + count + " lines would hold "
                                    + (long) count * width + " values, more than the file's " + in.bytes()
                                    + " bytes can");
                        }
                        values = new float[count * width];
                    } else {
                        f = in.fields(line, width, width + " comma-separated attributes like line 1");
                    }
                    for (int j = 0; j < width; j++) {
                        values[i * width + j] = in.parseFloat(f[j], "attribute " + (j + 1));
                    }
                }
                rejectExtraLine(in, count, countedBy);
            }
            return new Attributes(values, width);
        }

        private void rejectExtraLine(TextLines in, int count, String countedBy) throws IOException {
            if (in.next() != null) {
                throw in.error("more lines than expected: " + count + " lines, one per line of "
                        + countedBy.replace("NAME", name));
            }
        }
    }

    /** Start offsets of each group in a counting sort of {@code groupOf}. */
    private static int[] starts(int[] groupOf, int groups) {
        int[] start = new int[groups + 1];
        for (int g : groupOf) {
            start[g + 1]++;
        }
        for (int g = 0; g < groups; g++) {
            start[g + 1] += start[g];
        }
        return start;
    }

    private static INDArray matrix(float[] values, int rows, int cols) {
        return rows == 0 ? Nd4j.create(DataType.FLOAT, 0, cols) : Nd4j.create(values, new long[] {rows, cols}, 'c');
    }

    private static List<Integer> toList(int[] values) {
        List<Integer> list = new ArrayList<>(values.length);
        for (int v : values) {
            list.add(v);
        }
        return list;
    }

    /** Categorical labels written as one-hot columns. */
    private record OneHot(int[] labels, int min, int width) {
        static final OneHot NONE = new OneHot(new int[0], 0, 0);

        void write(int item, float[] row, int offset) {
            if (width > 0) {
                row[offset + labels[item] - min] = 1f;
            }
        }
    }

    /** Real attributes copied as they are. */
    private record Attributes(float[] values, int width) {
        static final Attributes NONE = new Attributes(new float[0], 0);

        void write(int item, float[] row, int offset) {
            System.arraycopy(values, item * width, row, offset, width);
        }
    }
}
