package org.erlangen.io;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How a node table and an edge table make a dataset: which columns hold the ids, the target, the features, the split
 * and the graph, and what to do with missing values. Every setting is optional except the target; a column left
 * unnamed takes its default (see each builder method).
 */
public final class TableOptions {
    /** What a missing feature value (an empty field, NA, N/A, NaN, null or ?) does. */
    public enum Missing {
        /** Refused, naming the file, line, column and row id. */
        REFUSE,
        /** Replaced by the column's mean over all rows (for a one-hot column: each category's share). */
        MEAN;

        /** {@code refuse} or {@code mean}. */
        public static Missing of(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "refuse" -> REFUSE;
                case "mean" -> MEAN;
                default -> throw new IllegalArgumentException("missing values are refused (refuse) or imputed with "
                        + "the column mean (mean), got '" + name + "'");
            };
        }
    }

    /** Whether the target holds classes or numbers. */
    public enum TargetKind {
        /**
         * Classes when the target holds text, or whole numbers with at most {@value TableDataset#MAX_AUTO_CLASSES}
         * distinct values; numbers otherwise.
         */
        AUTO,
        CLASSIFICATION,
        REGRESSION
    }

    private final Character delimiter;
    private final String idColumn;
    private final String targetColumn;
    private final List<String> featureColumns;
    private final Set<String> categoricalColumns;
    private final String splitColumn;
    private final String graphColumn;
    private final List<String> edgeColumns;
    private final Missing missing;
    private final boolean directed;
    private final TargetKind targetKind;

    private TableOptions(Builder b) {
        this.delimiter = b.delimiter;
        this.idColumn = b.idColumn;
        this.targetColumn = b.targetColumn;
        this.featureColumns = b.featureColumns == null ? null : List.copyOf(b.featureColumns);
        this.categoricalColumns = Set.copyOf(b.categoricalColumns);
        this.splitColumn = b.splitColumn;
        this.graphColumn = b.graphColumn;
        this.edgeColumns = b.edgeColumns == null ? null : List.copyOf(b.edgeColumns);
        this.missing = b.missing;
        this.directed = b.directed;
        this.targetKind = b.targetKind;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The delimiter both tables use, or null to detect each one's from its header. */
    public Character delimiter() {
        return delimiter;
    }

    /** The node table's id column, or null for the default. */
    public String idColumn() {
        return idColumn;
    }

    /** The target column, or null for a table read without one. */
    public String targetColumn() {
        return targetColumn;
    }

    /** The feature columns, or null for every column with no other role. */
    public List<String> featureColumns() {
        return featureColumns;
    }

    public Set<String> categoricalColumns() {
        return categoricalColumns;
    }

    public String splitColumn() {
        return splitColumn;
    }

    public String graphColumn() {
        return graphColumn;
    }

    /** The edge table's two id columns, or null for the default. */
    public List<String> edgeColumns() {
        return edgeColumns;
    }

    public Missing missing() {
        return missing;
    }

    public boolean directed() {
        return directed;
    }

    public TargetKind targetKind() {
        return targetKind;
    }

    public static final class Builder {
        private Character delimiter;
        private String idColumn;
        private String targetColumn;
        private List<String> featureColumns;
        private Set<String> categoricalColumns = Set.of();
        private String splitColumn;
        private String graphColumn;
        private List<String> edgeColumns;
        private Missing missing = Missing.REFUSE;
        private boolean directed;
        private TargetKind targetKind = TargetKind.AUTO;

        private Builder() {
        }

        /** A comma, tab or semicolon for both tables; by default each table's is detected from its header. */
        public Builder delimiter(Character value) {
            if (value != null && TableReader.DELIMITERS.indexOf(value) < 0) {
                throw new IllegalArgumentException("a table's delimiter is a comma, a tab or a semicolon, got '"
                        + value + "'");
            }
            this.delimiter = value;
            return this;
        }

        /** The node ids (any text, unique); default: the column named {@code id}, else the first column. */
        public Builder idColumn(String name) {
            this.idColumn = name;
            return this;
        }

        /** The column to learn: per node, or for graph tasks per graph (the same on all of a graph's nodes). */
        public Builder target(String name) {
            this.targetColumn = name;
            return this;
        }

        /**
         * The feature columns; default: every column that is not the id, target, split or graph column (leaving out,
         * with a note, text columns that look like names rather than categories).
         */
        public Builder features(List<String> names) {
            this.featureColumns = names;
            return this;
        }

        /** Columns to one-hot even though they hold numbers (codes); text columns are one-hot anyway. */
        public Builder categorical(Set<String> names) {
            this.categoricalColumns = Set.copyOf(names);
            return this;
        }

        /** Per item {@code train}, {@code validation} or {@code test} (anything else: left out); default none. */
        public Builder splitColumn(String name) {
            this.splitColumn = name;
            return this;
        }

        /** Which graph each node belongs to, for graph tasks; default none (one graph, node task). */
        public Builder graphColumn(String name) {
            this.graphColumn = name;
            return this;
        }

        /** The edge table's two node-id columns; default {@code source} and {@code target}, else the first two. */
        public Builder edgeColumns(String source, String target) {
            this.edgeColumns = List.of(source, target);
            return this;
        }

        public Builder missing(Missing value) {
            this.missing = value;
            return this;
        }

        /** Edges as given (source to target) rather than in both directions. */
        public Builder directed(boolean value) {
            this.directed = value;
            return this;
        }

        public Builder targetKind(TargetKind value) {
            this.targetKind = value;
            return this;
        }

        public TableOptions build() {
            return new TableOptions(this);
        }
    }
}
