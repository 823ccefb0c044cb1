package org.erlangen.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.erlangen.graph.Graph;
import org.erlangen.graph.Splits;
import org.erlangen.io.TableOptions.TargetKind;
import org.erlangen.primitives.IntList;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A dataset made of a node table and an edge table: one graph whose nodes are the items (node tasks), or, with a
 * graph column, one graph per graph id whose target is the target column's value on its nodes, which must agree
 * (graph tasks). Items keep the user's ids, so predictions can be written back keyed by them. Items without a target
 * value are unlabelled: they take no part in training or scoring, and are still predicted.
 *
 * <p>Edges go both ways unless {@link TableOptions#directed()}; a repeated edge is kept once. A table with no feature
 * columns gives every node one constant feature, so the model learns from the structure alone.
 */
public final class TableDataset {
    /** With {@link TargetKind#AUTO}, whole numbers with at most this many distinct values are classes. */
    public static final int MAX_AUTO_CLASSES = 20;

    private final NodeTable nodes;
    private final String targetColumn;
    private final String graphColumn;
    private final boolean graphLevel;
    private final List<Graph> graphs;
    private final List<String> itemIds;
    private final List<String> classes;
    private final int[] labels;
    private final double[] values;
    private final List<String> splits;
    private final List<String> featureNames;
    private final int edges;
    private final List<String> notes;

    private TableDataset(Builder b) {
        this.nodes = b.nodes;
        this.targetColumn = b.targetColumn;
        this.graphColumn = b.graphColumn;
        this.graphLevel = b.graphLevel;
        this.graphs = List.copyOf(b.graphs);
        this.itemIds = List.copyOf(b.itemIds);
        this.classes = b.classes == null ? null : List.copyOf(b.classes);
        this.labels = b.labels;
        this.values = b.values;
        this.splits = b.splits;
        this.featureNames = List.copyOf(b.featureNames);
        this.edges = b.edges;
        this.notes = List.copyOf(b.notes);
    }

    /** Reads both tables (see {@link TableReader}); {@code options} must name the target column. */
    public static TableDataset read(Path nodeFile, Path edgeFile, TableOptions options) throws IOException {
        if (options.targetColumn() == null) {
            throw new IllegalArgumentException("a dataset needs its target column");
        }
        NodeTable nodes = NodeTable.read(nodeFile, options);
        return of(nodes, EdgeTable.read(edgeFile, options, nodes), options);
    }

    /** Builds the dataset from tables already read; {@code options} gives the target kind and edge direction. */
    public static TableDataset of(NodeTable nodes, EdgeTable edges, TableOptions options)
            throws DatasetFormatException {
        if (nodes.targets() == null) {
            throw new IllegalArgumentException("the node table was read without a target column");
        }
        Builder b = new Builder(nodes, options.targetColumn(), options.graphColumn());
        b.graphLevel = nodes.graphs() != null;
        b.featureNames = nodes.featureNames().isEmpty() ? List.of("constant") : nodes.featureNames();
        if (nodes.featureNames().isEmpty()) {
            b.notes.add("no feature columns: every node has the constant feature 1");
        }
        b.notes.addAll(nodes.notes());
        INDArray features = nodes.featureNames().isEmpty() ? Nd4j.ones(DataType.FLOAT, nodes.size(), 1)
                : nodes.features();
        int[][] groups = groups(nodes, b);
        int[] itemOfRow = new int[nodes.size()];
        for (int g = 0; g < groups.length; g++) {
            for (int row : groups[g]) {
                itemOfRow[row] = g;
            }
        }
        int[] targetRow = perGraph(nodes, nodes.targets(), groups, "target", options.targetColumn());
        int[] splitRow = nodes.splits() == null ? null
                : perGraph(nodes, nodes.splits(), groups, "split", options.splitColumn());
        targets(nodes, targetRow, options, b);
        if (splitRow != null) {
            b.splits = new ArrayList<>();
            for (int row : splitRow) {
                b.splits.add(row < 0 ? null : nodes.splits().get(row));
            }
        }
        buildGraphs(nodes, edges, groups, itemOfRow, features, options.directed(), b);
        return new TableDataset(b);
    }

    /** The rows of each item: every row alone (node tasks), or the rows of each graph id in order of appearance. */
    private static int[][] groups(NodeTable nodes, Builder b) {
        if (!b.graphLevel) {
            b.itemIds.addAll(nodes.ids());
            return IntStream.range(0, nodes.size()).mapToObj(r -> new int[] {r}).toArray(int[][]::new);
        }
        Map<String, IntList> rows = new LinkedHashMap<>();
        for (int r = 0; r < nodes.size(); r++) {
            rows.computeIfAbsent(nodes.graphs().get(r), g -> new IntList()).add(r);
        }
        b.itemIds.addAll(rows.keySet());
        return rows.values().stream().map(IntList::toArray).toArray(int[][]::new);
    }

    /**
     * For each item, the row whose value of a column stands for it (-1 when none of its rows has one); the rows of a
     * graph that have one must agree.
     */
    private static int[] perGraph(NodeTable nodes, List<String> column, int[][] groups, String role, String name)
            throws DatasetFormatException {
        int[] chosen = new int[groups.length];
        for (int g = 0; g < groups.length; g++) {
            chosen[g] = -1;
            for (int row : groups[g]) {
                String v = column.get(row);
                if (v == null) {
                    continue;
                }
                if (chosen[g] < 0) {
                    chosen[g] = row;
                } else if (!same(column.get(chosen[g]), v, nodes.delimiter())) {
                    throw new DatasetFormatException(nodes.source(), nodes.line(row), "column '" + name + "': the "
                            + role + " of graph '" + nodes.graphs().get(row) + "' is '" + column.get(chosen[g])
                            + "' on node '" + nodes.ids().get(chosen[g]) + "' (line " + nodes.line(chosen[g])
                            + ") but '" + v + "' on node '" + nodes.ids().get(row) + "'; a graph's " + role
                            + " must be the same on all its nodes");
                }
            }
        }
        return chosen;
    }

    private static boolean same(String a, String b, char delimiter) {
        if (TableValues.number(a, delimiter) && TableValues.number(b, delimiter)) {
            return TableValues.parse(a) == TableValues.parse(b);
        }
        return a.equals(b);
    }

    /** Class indices or numbers per item, as the target kind says (see {@link TargetKind#AUTO}). */
    private static void targets(NodeTable nodes, int[] targetRow, TableOptions options, Builder b)
            throws DatasetFormatException {
        int items = targetRow.length;
        boolean allNumbers = true;
        Set<String> wholeNumbers = new HashSet<>();
        boolean allWhole = true;
        for (int row : targetRow) {
            if (row < 0) {
                continue;
            }
            String v = nodes.targets().get(row);
            if (!TableValues.number(v, nodes.delimiter())) {
                allNumbers = false;
                continue;
            }
            double x = TableValues.parse(v);
            if (!Double.isFinite(x)) {
                throw targetError(nodes, row, b.targetColumn, "'" + v + "' is not a finite number");
            }
            if (x == Math.rint(x)) {
                wholeNumbers.add(TableValues.className(v, nodes.delimiter()));
            } else {
                allWhole = false;
            }
        }
        boolean classification = switch (options.targetKind()) {
            case CLASSIFICATION -> true;
            case REGRESSION -> false;
            case AUTO -> !allNumbers || allWhole && wholeNumbers.size() <= MAX_AUTO_CLASSES;
        };
        if (classification) {
            TreeSet<String> seen = new TreeSet<>(classOrder(nodes.delimiter()));
            for (int row : targetRow) {
                if (row >= 0) {
                    seen.add(TableValues.className(nodes.targets().get(row), nodes.delimiter()));
                }
            }
            b.classes = new ArrayList<>(seen);
            b.labels = new int[items];
            for (int i = 0; i < items; i++) {
                b.labels[i] = targetRow[i] < 0 ? -1 : b.classes.indexOf(TableValues.className(
                        nodes.targets().get(targetRow[i]), nodes.delimiter()));
            }
            return;
        }
        b.values = new double[items];
        for (int i = 0; i < items; i++) {
            int row = targetRow[i];
            if (row < 0) {
                b.values[i] = Double.NaN;
                continue;
            }
            String v = nodes.targets().get(row);
            if (!TableValues.number(v, nodes.delimiter())) {
                throw targetError(nodes, row, b.targetColumn, "'" + v + "' is not a number, and the target is "
                        + "numeric (regression); classes need a classification task");
            }
            b.values[i] = TableValues.parse(v);
        }
    }

    /** Numbers by value before text, text alphabetically. */
    private static Comparator<String> classOrder(char delimiter) {
        return (x, y) -> {
            boolean nx = TableValues.number(x, delimiter);
            boolean ny = TableValues.number(y, delimiter);
            if (nx && ny) {
                int c = Double.compare(TableValues.parse(x), TableValues.parse(y));
                return c != 0 ? c : x.compareTo(y);
            }
            return nx != ny ? (nx ? -1 : 1) : x.compareTo(y);
        };
    }

    private static DatasetFormatException targetError(NodeTable nodes, int row, String column, String problem) {
        return new DatasetFormatException(nodes.source(), nodes.line(row), "column '" + column + "': node '"
                + nodes.ids().get(row) + "': " + problem);
    }

    private static void buildGraphs(NodeTable nodes, EdgeTable edges, int[][] groups, int[] itemOfRow,
            INDArray features, boolean directed, Builder b) throws DatasetFormatException {
        int[] local = new int[nodes.size()];
        for (int[] group : groups) {
            for (int k = 0; k < group.length; k++) {
                local[group[k]] = k;
            }
        }
        int graphCount = b.graphLevel ? groups.length : 1;
        List<IntList> senders = new ArrayList<>();
        List<IntList> receivers = new ArrayList<>();
        List<Set<Long>> seen = new ArrayList<>();
        for (int g = 0; g < graphCount; g++) {
            senders.add(new IntList());
            receivers.add(new IntList());
            seen.add(new HashSet<>());
        }
        int[] from = edges.sources();
        int[] to = edges.targets();
        int dropped = 0;
        for (int e = 0; e < from.length; e++) {
            int g = b.graphLevel ? itemOfRow[from[e]] : 0;
            if (b.graphLevel && itemOfRow[to[e]] != g) {
                throw edges.error(e, "the edge joins node '" + nodes.ids().get(from[e]) + "' of graph '"
                        + b.itemIds.get(g) + "' and node '" + nodes.ids().get(to[e]) + "' of graph '"
                        + b.itemIds.get(itemOfRow[to[e]]) + "'; edges must stay within one graph");
            }
            int u = b.graphLevel ? local[from[e]] : from[e];
            int v = b.graphLevel ? local[to[e]] : to[e];
            long n = b.graphLevel ? groups[g].length : nodes.size();
            for (int pass = 0; pass < (directed || u == v ? 1 : 2); pass++) {
                int s = pass == 0 ? u : v;
                int r = pass == 0 ? v : u;
                if (seen.get(g).add(s * n + r)) {
                    senders.get(g).add(s);
                    receivers.get(g).add(r);
                } else {
                    dropped++;
                }
            }
            b.edges++;
        }
        if (dropped > 0) {
            b.notes.add(dropped + " repeated edges kept once");
        }
        if (!b.graphLevel) {
            INDArray targets = b.labels != null ? Nd4j.createFromArray(b.labels).castTo(DataType.INT64)
                    : Nd4j.createFromArray(b.values).castTo(DataType.FLOAT).reshape(b.values.length, 1);
            b.graphs.add(Graph.builder(nodes.size()).edges(senders.get(0).toArray(), receivers.get(0).toArray())
                    .nodeFeatures(features).nodeTargets(targets).build());
            return;
        }
        for (int g = 0; g < graphCount; g++) {
            INDArray target = b.labels != null ? Nd4j.createFromArray(new long[] {b.labels[g]})
                    : Nd4j.createFromArray(new float[] {(float) b.values[g]});
            b.graphs.add(Graph.builder(groups[g].length).edges(senders.get(g).toArray(), receivers.get(g).toArray())
                    .nodeFeatures(Nd4j.pullRows(features, 1, groups[g])).graphTargets(target).build());
        }
    }

    /** Whether the items are graphs (a graph column was given) rather than nodes. */
    public boolean graphLevel() {
        return graphLevel;
    }

    /** "graphs" or "nodes", for messages. */
    public String itemKind() {
        return graphLevel ? "graphs" : "nodes";
    }

    /** "graph" or "node", for messages. */
    public String itemNoun() {
        return graphLevel ? "graph" : "node";
    }

    /** Whether the target holds classes (else numbers). */
    public boolean classification() {
        return classes != null;
    }

    /** The one graph of a node task. */
    public Graph graph() {
        if (graphLevel) {
            throw new IllegalStateException("a dataset with a graph column has many graphs; see graphs()");
        }
        return graphs.get(0);
    }

    /** The graphs of a graph task (item i is graph i), or the one graph of a node task. */
    public List<Graph> graphs() {
        return graphs;
    }

    /** Each item's id: the node ids (node tasks) or the graph ids (graph tasks), in file order. */
    public List<String> itemIds() {
        return itemIds;
    }

    /** The column the item ids come from: the node table's id column, or its graph column. */
    public String itemColumn() {
        return graphLevel ? graphColumn : nodes.idColumn();
    }

    public String targetColumn() {
        return targetColumn;
    }

    /** The class names in class-index order (numbers by value, then text); null for regression. */
    public List<String> classes() {
        return classes;
    }

    /** The class index of each item, -1 for unlabelled ones; null for regression. */
    public int[] labels() {
        return labels == null ? null : labels.clone();
    }

    /** The target value of each item, NaN for unlabelled ones; null for classification. */
    public double[] values() {
        return values == null ? null : values.clone();
    }

    /** The items that have a target value, ascending. */
    public int[] labelled() {
        return IntStream.range(0, itemIds.size())
                .filter(i -> labels != null ? labels[i] >= 0 : !Double.isNaN(values[i])).toArray();
    }

    /** Whether the node table has a split column. */
    public boolean hasSplitColumn() {
        return splits != null;
    }

    /** The features' names: numeric columns, then {@code column=value} for one-hot ones. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** What the readers decided on their own (columns left out, values imputed, repeated edges). */
    public List<String> notes() {
        return notes;
    }

    /**
     * The split column's parts ({@code train}, {@code validation} or {@code val}, {@code test}; other values leave an
     * item out), or without one a seeded split of the labelled items by fractions (stratified by class for
     * classification).
     */
    public Splits.Split split(double train, double validation, double test, long seed)
            throws DatasetFormatException {
        if (splits != null) {
            return fromColumn();
        }
        int[] items = labelled();
        if (items.length == 0) {
            throw new DatasetFormatException(nodes.source(), "column '" + targetColumn + "' has no values; nothing "
                    + "to learn from");
        }
        Splits.Split local = labels != null
                ? Splits.stratified(IntStream.of(items).map(i -> labels[i]).toArray(), train, validation, test, seed)
                : Splits.random(items.length, train, validation, test, seed);
        return new Splits.Split(map(local.train(), items), map(local.validation(), items), map(local.test(), items));
    }

    /** {@code k} cross-validation folds of the labelled items (stratified by class for classification). */
    public List<Splits.Fold> folds(int k, long seed) {
        int[] items = labelled();
        List<Splits.Fold> local = labels != null
                ? Splits.stratifiedKFold(IntStream.of(items).map(i -> labels[i]).toArray(), k, seed)
                : Splits.kFold(items.length, k, seed);
        return local.stream().map(f -> new Splits.Fold(map(f.train(), items), map(f.test(), items))).toList();
    }

    private Splits.Split fromColumn() throws DatasetFormatException {
        List<IntList> parts = List.of(new IntList(), new IntList(), new IntList());
        boolean[] isLabelled = new boolean[itemIds.size()];
        for (int i : labelled()) {
            isLabelled[i] = true;
        }
        for (int i = 0; i < itemIds.size(); i++) {
            String s = splits.get(i);
            int part = s == null ? -1 : switch (s.toLowerCase(Locale.ROOT)) {
                case "train" -> 0;
                case "validation", "valid", "val" -> 1;
                case "test" -> 2;
                default -> -1;
            };
            if (part < 0) {
                continue;
            }
            if (!isLabelled[i]) {
                throw new DatasetFormatException(nodes.source(), "the split column puts " + itemNoun() + " '"
                        + itemIds.get(i) + "' in " + s + ", but it has no '" + targetColumn + "' value");
            }
            parts.get(part).add(i);
        }
        if (parts.get(0).size() == 0) {
            throw new DatasetFormatException(nodes.source(), "the split column marks no " + itemKind()
                    + " as 'train' (its values: train, validation, test)");
        }
        return new Splits.Split(parts.get(0).toArray(), parts.get(1).toArray(), parts.get(2).toArray());
    }

    private static int[] map(int[] local, int[] items) {
        return IntStream.of(local).map(i -> items[i]).sorted().toArray();
    }

    /** One line on what was read: items, features, edges and target. */
    public String summary() {
        int nodeCount = nodes.size();
        String target = classes != null
                ? classes.size() + (classes.size() == 1 ? " class" : " classes") + " ("
                        + String.join(", ", classes.size() > 10 ? classes.subList(0, 10) : classes)
                        + (classes.size() > 10 ? ", ..." : "") + ")"
                : "numbers (regression)";
        String features = featureNames.size() + (featureNames.size() == 1 ? " feature" : " features");
        return String.format(Locale.ROOT, "%,d nodes%s, %s, %,d edges; target '%s': %s on %,d labelled %s",
                nodeCount, graphLevel ? " in " + String.format(Locale.ROOT, "%,d", itemIds.size()) + " graphs" : "",
                features, edges, targetColumn, target, labelled().length, itemKind());
    }

    private static final class Builder {
        private final NodeTable nodes;
        private final String targetColumn;
        private final String graphColumn;
        private boolean graphLevel;
        private final List<Graph> graphs = new ArrayList<>();
        private final List<String> itemIds = new ArrayList<>();
        private List<String> classes;
        private int[] labels;
        private double[] values;
        private List<String> splits;
        private List<String> featureNames = List.of();
        private int edges;
        private final List<String> notes = new ArrayList<>();

        Builder(NodeTable nodes, String targetColumn, String graphColumn) {
            this.nodes = nodes;
            this.targetColumn = targetColumn;
            this.graphColumn = graphColumn;
        }
    }
}
