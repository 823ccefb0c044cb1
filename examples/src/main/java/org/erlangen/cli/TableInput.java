package org.erlangen.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.erlangen.io.EdgeTable;
import org.erlangen.io.NodeTable;
import org.erlangen.io.Table;
import org.erlangen.io.TableDataset;
import org.erlangen.io.TableOptions;
import org.erlangen.io.TableReader;
import picocli.CommandLine.Option;

/**
 * The options of {@code train} that read a dataset from two tables, a node table and an edge table (see
 * {@link TableDataset}), and the task they make: a node task, or with {@code --graph-column} a graph task.
 */
final class TableInput {
    @Option(names = "--nodes", paramLabel = "FILE", description = "Node table: delimited text with a header; a row "
            + "per node with its id, feature columns and the target column (instead of --dataset).")
    Path nodes;
    @Option(names = "--edges", paramLabel = "FILE", description = "Edge table: a row per edge with two node ids "
            + "(columns source and target, else the first two; a header alone for no edges).")
    Path edges;
    @Option(names = "--target", paramLabel = "COLUMN", description = "Tables: the column to learn (classes: text, "
            + "or whole numbers with at most 20 values; otherwise numbers). Rows without a value are predicted, not "
            + "learnt from.")
    String target;
    @Option(names = "--features", paramLabel = "COLUMNS", split = ",", description = "Tables: the feature columns "
            + "(default: every column but the id, target, split and graph columns; text columns that look like names "
            + "are left out, with a note). Numbers are used as they are, text is one-hot.")
    List<String> features;
    @Option(names = "--categorical", paramLabel = "COLUMNS", split = ",", description = "Tables: number columns "
            + "to one-hot as categories (codes); text columns are one-hot anyway.")
    List<String> categorical;
    @Option(names = "--id-column", paramLabel = "COLUMN", description = "Tables: the node ids (any text, unique; "
            + "default: the column named id, else the first column).")
    String idColumn;
    @Option(names = "--edge-columns", paramLabel = "SOURCE,TARGET", split = ",", description = "Tables: the edge "
            + "table's two id columns (default: source,target, else the first two columns).")
    List<String> edgeColumns;
    @Option(names = "--split-column", paramLabel = "COLUMN", description = "Tables: train, validation or test per "
            + "node (per graph with --graph-column); other values are left out (default: a seeded 80/10/10 split, "
            + "stratified by class).")
    String splitColumn;
    @Option(names = "--graph-column", paramLabel = "COLUMN", description = "Tables: which graph each node belongs "
            + "to, for a graph task; a graph's target is the target column's value on its nodes, which must agree.")
    String graphColumn;
    @Option(names = "--delimiter", paramLabel = "comma|tab|semicolon", description = "Tables: the delimiter "
            + "(default: detected from each table's header line).")
    String delimiter;
    @Option(names = "--missing", paramLabel = "refuse|mean", defaultValue = "refuse", description = "Tables: a "
            + "missing feature value (empty, NA, N/A, NaN, null or ?) is refused naming its line and column, or "
            + "replaced by the column mean (default ${DEFAULT-VALUE}).")
    String missing;
    @Option(names = "--directed", description = "Tables: each edge goes from source to target only (default: both "
            + "ways).")
    boolean directed;

    /** Whether the dataset comes from tables. */
    boolean given() {
        return nodes != null || edges != null;
    }

    /** Refuses table options without tables, and settings that cannot be read, before anything is read. */
    void check() {
        if (!given()) {
            List<String> stray = tableOnlyOptions();
            if (!stray.isEmpty()) {
                throw new UserError(String.join(", ", stray) + (stray.size() == 1 ? " is" : " are") + " for tables: "
                        + "give --nodes FILE --edges FILE --target COLUMN");
            }
            return;
        }
        if (nodes == null || edges == null) {
            throw new UserError("tables come in pairs: give --nodes FILE and --edges FILE (an edge table may be a "
                    + "header line alone)");
        }
        for (Path file : List.of(nodes, edges)) {
            if (!Files.isRegularFile(file)) {
                throw new UserError("no such table: " + file);
            }
        }
        delimiter();
        TableOptions.Missing.of(missing);
        if (edgeColumns != null && edgeColumns.size() != 2) {
            throw new UserError("--edge-columns names two columns, source and target, got " + edgeColumns);
        }
    }

    private List<String> tableOnlyOptions() {
        List<String> stray = new ArrayList<>();
        Object[][] options = {{"--target", target}, {"--features", features}, {"--categorical", categorical},
                {"--id-column", idColumn}, {"--edge-columns", edgeColumns}, {"--split-column", splitColumn},
                {"--graph-column", graphColumn}, {"--delimiter", delimiter}};
        for (Object[] option : options) {
            if (option[1] != null) {
                stray.add((String) option[0]);
            }
        }
        if (directed) {
            stray.add("--directed");
        }
        if (!missing.equals("refuse")) {
            stray.add("--missing");
        }
        return stray;
    }

    /** The name runs are filed under by default: the node table's file name without its extension. */
    String name() {
        String file = nodes.getFileName().toString();
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    /** Reads both tables; {@code task} (or null) says whether the target holds classes or numbers. */
    TableDataset read(String task) throws IOException {
        Character separator = delimiter();
        Table nodeTable = TableReader.read(nodes, separator);
        if (target == null) {
            throw new UserError("--target names the column to learn; " + nodes + " has the columns "
                    + String.join(", ", nodeTable.columns()));
        }
        if (task != null) {
            boolean graphTask = task.startsWith("graph");
            if (!List.of("nodeClassification", "graphClassification", "graphRegression").contains(task)) {
                throw new UserError("tables train nodeClassification, or with --graph-column graphClassification "
                        + "or graphRegression; not " + task);
            }
            if (graphTask != (graphColumn != null)) {
                throw new UserError(graphTask ? task + " needs --graph-column (which graph each node belongs to)"
                        : task + " is a node task; --graph-column makes a graph task");
            }
        }
        var builder = TableOptions.builder().delimiter(separator).idColumn(idColumn).target(target)
                .features(features).categorical(categorical == null ? Set.of() : Set.copyOf(categorical))
                .splitColumn(splitColumn).graphColumn(graphColumn)
                .missing(TableOptions.Missing.of(missing)).directed(directed)
                .targetKind(task == null ? TableOptions.TargetKind.AUTO : task.endsWith("Regression")
                        ? TableOptions.TargetKind.REGRESSION : TableOptions.TargetKind.CLASSIFICATION);
        if (edgeColumns != null) {
            builder.edgeColumns(edgeColumns.get(0), edgeColumns.get(1));
        }
        TableOptions options = builder.build();
        NodeTable nodeRows = NodeTable.of(nodeTable, options);
        TableDataset data = TableDataset.of(nodeRows, EdgeTable.read(edges, options, nodeRows), options);
        if (!data.graphLevel() && !data.classification()) {
            throw new UserError("target '" + target + "' holds numbers, and train has no node regression yet; if "
                    + "they are classes, give --task nodeClassification");
        }
        return data;
    }

    /** The task the tables make. */
    static String task(TableDataset data) {
        return data.graphLevel() ? data.classification() ? "graphClassification" : "graphRegression"
                : "nodeClassification";
    }

    private Character delimiter() {
        if (delimiter == null) {
            return null;
        }
        return switch (delimiter.toLowerCase(Locale.ROOT)) {
            case "comma", "," -> ',';
            case "tab", "\t", "\\t" -> '\t';
            case "semicolon", ";" -> ';';
            default -> throw new UserError("--delimiter must be comma, tab or semicolon, got '" + delimiter + "'");
        };
    }
}
