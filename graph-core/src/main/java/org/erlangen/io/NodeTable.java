package org.erlangen.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.erlangen.io.TableOptions.Missing;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A node table read by its columns' roles: an id per row (any text, unique), the feature matrix, and the raw target,
 * split and graph values. Numeric columns are features as they are; text columns (and those named categorical) are
 * one-hot, one feature per distinct value in sorted order ({@code column=value}). A missing feature value (an empty
 * field, NA, N/A, NaN, null or ?) is refused naming the file, line, column and node, or replaced by the column mean;
 * an infinite one is always refused. A number column with a stray word in it is refused naming the word: one typo
 * should not turn a column into categories.
 */
public final class NodeTable {
    /** Text columns with more distinct values than this are not features unless named (they look like names). */
    public static final int MAX_DEFAULT_CATEGORIES = 50;
    /** No column is one-hot into more features than this. */
    public static final int MAX_CATEGORIES = 1000;

    private final String source;
    private final String idColumn;
    private final List<String> ids;
    private final int[] lines;
    private final float[] features;
    private final List<String> featureNames;
    private final List<String> targets;
    private final List<String> splits;
    private final List<String> graphs;
    private final char delimiter;
    private final List<String> notes;

    private NodeTable(Table table, String idColumn, List<String> ids, float[] features, List<String> featureNames,
            List<String> targets, List<String> splits, List<String> graphs, List<String> notes) {
        this.source = table.source();
        this.idColumn = idColumn;
        this.ids = List.copyOf(ids);
        this.lines = new int[table.rowCount()];
        for (int r = 0; r < lines.length; r++) {
            lines[r] = table.line(r);
        }
        this.features = features;
        this.featureNames = List.copyOf(featureNames);
        this.targets = targets == null ? null : Collections.unmodifiableList(new ArrayList<>(targets));
        this.splits = splits == null ? null : Collections.unmodifiableList(new ArrayList<>(splits));
        this.graphs = graphs == null ? null : List.copyOf(graphs);
        this.delimiter = table.delimiter();
        this.notes = List.copyOf(notes);
    }

    /** Reads the file (see {@link TableReader}) and takes its columns as {@code options} say. */
    public static NodeTable read(Path file, TableOptions options) throws IOException {
        return of(TableReader.read(file, options.delimiter()), options);
    }

    /** Takes a table's columns as {@code options} say. */
    public static NodeTable of(Table table, TableOptions options) throws DatasetFormatException {
        if (table.rowCount() == 0) {
            throw new DatasetFormatException(table.source(), "no rows below the header; a node table has a row per "
                    + "node");
        }
        int id = options.idColumn() != null ? table.column(options.idColumn())
                : table.hasColumn("id") ? table.column("id") : 0;
        Map<Integer, String> roles = new HashMap<>();
        roles.put(id, "id");
        int target = role(table, options.targetColumn(), "target", roles);
        int split = role(table, options.splitColumn(), "split", roles);
        int graph = role(table, options.graphColumn(), "graph", roles);
        List<String> ids = ids(table, id);
        for (String name : options.categoricalColumns()) {
            int c = table.column(name);
            if (roles.containsKey(c) || options.featureColumns() != null && !options.featureColumns().contains(name)) {
                throw new DatasetFormatException(table.source(), "column '" + name + "' is named categorical but is "
                        + (roles.containsKey(c) ? "the " + roles.get(c) + " column" : "not a feature column"));
            }
        }
        List<String> notes = new ArrayList<>();
        List<Column> columns = new ArrayList<>();
        if (options.featureColumns() != null) {
            for (String name : new LinkedHashSet<>(options.featureColumns())) {
                int c = table.column(name);
                if (roles.containsKey(c)) {
                    throw new DatasetFormatException(table.source(), "column '" + name + "' is the " + roles.get(c)
                            + " column; it cannot be a feature too");
                }
                columns.add(Column.plan(table, c, options.categoricalColumns().contains(name), true, ids, notes));
            }
        } else {
            for (int c = 0; c < table.columns().size(); c++) {
                if (!roles.containsKey(c)) {
                    Column column = Column.plan(table, c, options.categoricalColumns().contains(
                            table.columns().get(c)), false, ids, notes);
                    if (column != null) {
                        columns.add(column);
                    }
                }
            }
        }
        int width = columns.stream().mapToInt(Column::width).sum();
        List<String> names = new ArrayList<>();
        columns.forEach(col -> names.addAll(col.names(table)));
        float[] features = new float[Math.multiplyExact(table.rowCount(), width)];
        int offset = 0;
        for (Column column : columns) {
            column.write(table, ids, options.missing(), features, width, offset, notes);
            offset += column.width();
        }
        return new NodeTable(table, table.columns().get(id), ids, features, names, values(table, target),
                values(table, split), graph < 0 ? null : graphIds(table, graph, ids), notes);
    }

    private static int role(Table table, String name, String role, Map<Integer, String> roles)
            throws DatasetFormatException {
        if (name == null) {
            return -1;
        }
        int c = table.column(name);
        if (roles.containsKey(c)) {
            throw new DatasetFormatException(table.source(), "column '" + name + "' cannot be both the "
                    + roles.get(c) + " and the " + role + " column");
        }
        roles.put(c, role);
        return c;
    }

    private static List<String> ids(Table table, int column) throws DatasetFormatException {
        List<String> ids = new ArrayList<>(table.rowCount());
        Map<String, Integer> seen = new HashMap<>();
        for (int r = 0; r < table.rowCount(); r++) {
            String id = table.value(r, column);
            if (id.isEmpty()) {
                throw table.error(r, column, "no id; every node needs one");
            }
            Integer earlier = seen.putIfAbsent(id, r);
            if (earlier != null) {
                throw table.error(r, column, "id '" + id + "' is also on line " + table.line(earlier)
                        + "; node ids must be unique");
            }
            ids.add(id);
        }
        return ids;
    }

    /** The raw values of a column, null where missing; null without the column. */
    private static List<String> values(Table table, int column) {
        if (column < 0) {
            return null;
        }
        List<String> values = new ArrayList<>(table.rowCount());
        for (int r = 0; r < table.rowCount(); r++) {
            String v = table.value(r, column);
            values.add(TableValues.missing(v) ? null : v);
        }
        return values;
    }

    private static List<String> graphIds(Table table, int column, List<String> ids) throws DatasetFormatException {
        List<String> values = new ArrayList<>(table.rowCount());
        for (int r = 0; r < table.rowCount(); r++) {
            String v = table.value(r, column);
            if (v.isEmpty()) {
                throw table.error(r, column, "node '" + ids.get(r) + "' names no graph; every node belongs to one");
            }
            values.add(v);
        }
        return values;
    }

    /** The file the table came from. */
    public String source() {
        return source;
    }

    /** The id column's name, for tables written back. */
    public String idColumn() {
        return idColumn;
    }

    /** The id of each row, in file order. */
    public List<String> ids() {
        return ids;
    }

    public int size() {
        return ids.size();
    }

    /** The 1-based line of row {@code row}. */
    public int line(int row) {
        return lines[row];
    }

    /** The feature matrix, [rows, {@link #featureNames()}.size()], FLOAT. */
    public INDArray features() {
        int width = featureNames.size();
        return size() == 0 || width == 0 ? Nd4j.create(DataType.FLOAT, size(), width)
                : Nd4j.create(features.clone(), new long[] {size(), width}, 'c');
    }

    /** Feature {@code j} of row {@code row}. */
    public float feature(int row, int j) {
        return features[row * featureNames.size() + j];
    }

    /** A numeric column's name, or {@code column=value} for each category of a one-hot column. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** The target column's values, null where missing; null without a target column. */
    public List<String> targets() {
        return targets;
    }

    /** The split column's values, null where missing; null without a split column. */
    public List<String> splits() {
        return splits;
    }

    /** The graph column's values; null without a graph column. */
    public List<String> graphs() {
        return graphs;
    }

    /** The table's delimiter, which decides whether "1,5" is a number. */
    public char delimiter() {
        return delimiter;
    }

    /** What the reader decided on its own: columns left out and why, values imputed. */
    public List<String> notes() {
        return notes;
    }

    /** How one feature column becomes features: as a number, or one-hot over its sorted distinct values. */
    private record Column(int column, List<String> categories) {
        boolean numeric() {
            return categories == null;
        }

        int width() {
            return numeric() ? 1 : categories.size();
        }

        List<String> names(Table table) {
            String name = table.columns().get(column);
            return numeric() ? List.of(name) : categories.stream().map(c -> name + "=" + c).toList();
        }

        /** The plan for a column, or null (with a note) for one that is no feature unless named. */
        static Column plan(Table table, int c, boolean categorical, boolean named, List<String> ids,
                List<String> notes) throws DatasetFormatException {
            String name = table.columns().get(c);
            int numbers = 0;
            int texts = 0;
            int firstText = -1;
            Set<String> distinct = new TreeSet<>();
            for (int r = 0; r < table.rowCount(); r++) {
                String v = table.value(r, c);
                if (TableValues.missing(v)) {
                    continue;
                }
                distinct.add(v);
                if (TableValues.number(v, table.delimiter())) {
                    numbers++;
                } else {
                    texts++;
                    firstText = firstText < 0 ? r : firstText;
                }
            }
            if (numbers + texts == 0) {
                if (named) {
                    throw new DatasetFormatException(table.source(), "column '" + name + "' has no values");
                }
                notes.add("column '" + name + "' left out: it has no values");
                return null;
            }
            if (!categorical && texts == 0) {
                return new Column(c, null);
            }
            if (!categorical && numbers >= texts) {
                throw table.error(firstText, c, "node '" + ids.get(firstText) + "': '" + table.value(firstText, c)
                        + "' is not a number (" + numbers + " of the column's " + (numbers + texts) + " values are); "
                        + "correct it, or one-hot the column as categories (--categorical " + name + ")");
            }
            int count = numbers + texts;
            boolean looksLikeNames = distinct.size() > MAX_DEFAULT_CATEGORIES
                    || distinct.size() == count && count > 10;
            if (!named && !categorical && looksLikeNames) {
                notes.add(String.format(Locale.ROOT, "column '%s' left out: %d distinct text values in %d rows look "
                        + "like names, not categories (name it with --features or --categorical to one-hot it)",
                        name, distinct.size(), count));
                return null;
            }
            if (distinct.size() > MAX_CATEGORIES) {
                throw new DatasetFormatException(table.source(), "column '" + name + "' has " + distinct.size()
                        + " distinct values, too many to one-hot (at most " + MAX_CATEGORIES + ")");
            }
            return new Column(c, List.copyOf(distinct));
        }

        /** Writes this column's features into rows of {@code width}, from {@code offset}. */
        void write(Table table, List<String> ids, Missing missing, float[] out, int width, int offset,
                List<String> notes) throws DatasetFormatException {
            int rows = table.rowCount();
            double[] sums = new double[width()];
            int present = 0;
            List<Integer> absent = new ArrayList<>();
            for (int r = 0; r < rows; r++) {
                String v = table.value(r, column);
                if (TableValues.missing(v)) {
                    if (missing == Missing.REFUSE) {
                        throw table.error(r, column, "node '" + ids.get(r) + "': no value" + (v.isEmpty() ? ""
                                : " ('" + v + "')") + "; fill it in, or impute the column mean (--missing mean)");
                    }
                    absent.add(r);
                    continue;
                }
                present++;
                if (numeric()) {
                    double x = TableValues.parse(v);
                    if (!FiniteCheck.isFiniteFloat(x)) {
                        throw table.error(r, column, "node '" + ids.get(r) + "': '" + v + "' is not a finite "
                                + "number" + (Double.isFinite(x) ? " in single precision" : ""));
                    }
                    out[r * width + offset] = (float) x;
                    sums[0] += x;
                } else {
                    int k = Collections.binarySearch(categories, v);
                    out[r * width + offset + k] = 1f;
                    sums[k]++;
                }
            }
            if (absent.isEmpty()) {
                return;
            }
            for (int r : absent) {
                for (int k = 0; k < width(); k++) {
                    out[r * width + offset + k] = (float) (sums[k] / present);
                }
            }
            String name = table.columns().get(column);
            notes.add(numeric()
                    ? String.format(Locale.ROOT, "column '%s': %d missing values set to the column mean %.6g", name,
                            absent.size(), sums[0] / present)
                    : String.format(Locale.ROOT, "column '%s': %d missing values set to each category's share",
                            name, absent.size()));
        }
    }
}
