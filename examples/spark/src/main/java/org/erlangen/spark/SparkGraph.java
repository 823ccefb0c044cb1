package org.erlangen.spark;

import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import scala.Tuple2;

/**
 * A graph as Spark holds it: each node's features by id, each labelled node's class by id (none when the graph
 * carries no labels), and the edges as (sender, receiver) pairs of ids. Messages go from sender to receiver, as
 * everywhere in Erlangen (PyG's {@code source_to_target}).
 */
public record SparkGraph(JavaPairRDD<Long, float[]> features, JavaPairRDD<Long, Integer> labels,
        JavaPairRDD<Long, Long> edges) {

    /** Which columns of the node and edge tables hold what. {@code label} may be null. */
    public record Columns(String id, String features, String label, String sender, String receiver) {
        /** The Parquet layout Erlangen writes and reads: id, features, label; sender, receiver. */
        public static final Columns PARQUET = new Columns("id", "features", "label", "sender", "receiver");
        /** What the Neo4j connector reads: internal ids, a list property, the endpoints' internal ids. */
        public static Columns neo4j(String featureProperty, String labelProperty) {
            return new Columns("<id>", featureProperty, labelProperty, "<source.id>", "<target.id>");
        }
    }

    /**
     * The graph of a node table and an edge table: an integer id column, a feature column of numeric arrays (every
     * row as wide as the first), an optional integer label column (nulls: unlabelled nodes), and integer sender and
     * receiver columns.
     *
     * @throws IllegalArgumentException naming the table and column that is missing or of the wrong type
     */
    public static SparkGraph fromTables(Dataset<Row> nodes, Dataset<Row> edges, Columns columns) {
        requireInteger(nodes, "node", columns.id());
        requireArray(nodes, columns.features());
        if (columns.label() != null) {
            requireInteger(nodes, "node", columns.label());
        }
        requireInteger(edges, "edge", columns.sender());
        requireInteger(edges, "edge", columns.receiver());
        String id = columns.id();
        String featureColumn = columns.features();
        JavaPairRDD<Long, float[]> features = nodes.select(quoted(nodes, id), quoted(nodes, featureColumn)).javaRDD().mapToPair(row -> {
            if (row.isNullAt(0)) {
                throw new IllegalArgumentException("a node has no '" + id + "'");
            }
            long node = ((Number) row.get(0)).longValue();
            if (row.isNullAt(1)) {
                throw new IllegalArgumentException("node " + node + " has no '" + featureColumn + "'");
            }
            List<Object> values = row.getList(1);
            float[] x = new float[values.size()];
            for (int i = 0; i < x.length; i++) {
                Object v = values.get(i);
                if (v == null) {
                    throw new IllegalArgumentException("node " + node + ": '" + featureColumn + "' holds a null at "
                            + i);
                }
                x[i] = ((Number) v).floatValue();
            }
            return new Tuple2<>(node, x);
        });
        JavaPairRDD<Long, Integer> labels = null;
        if (columns.label() != null) {
            String label = columns.label();
            labels = nodes.select(quoted(nodes, id), quoted(nodes, label)).where(quoted(nodes, label).isNotNull()).javaRDD()
                    .mapToPair(row -> new Tuple2<>(((Number) row.get(0)).longValue(),
                            Math.toIntExact(((Number) row.get(1)).longValue())));
        }
        String sender = columns.sender();
        String receiver = columns.receiver();
        JavaPairRDD<Long, Long> pairs = edges.select(quoted(edges, sender), quoted(edges, receiver)).javaRDD().mapToPair(row -> {
            if (row.isNullAt(0) || row.isNullAt(1)) {
                throw new IllegalArgumentException("an edge has no '" + (row.isNullAt(0) ? sender : receiver) + "'");
            }
            return new Tuple2<>(((Number) row.get(0)).longValue(), ((Number) row.get(1)).longValue());
        });
        return new SparkGraph(features, labels, pairs);
    }

    /** A column by its plain name (the connector's hold dots and angle brackets). */
    private static Column quoted(Dataset<Row> table, String name) {
        return table.col("`" + name.replace("`", "``") + "`");
    }

    private static void requireInteger(Dataset<Row> table, String what, String column) {
        DataType type = field(table, what, column).dataType();
        if (!type.equals(DataTypes.LongType) && !type.equals(DataTypes.IntegerType)
                && !type.equals(DataTypes.ShortType)) {
            throw new IllegalArgumentException("the " + what + " table's column '" + column + "' is "
                    + type.simpleString() + "; expected an integer");
        }
    }

    private static void requireArray(Dataset<Row> nodes, String column) {
        DataType type = field(nodes, "node", column).dataType();
        if (!(type instanceof ArrayType array) || !(array.elementType() instanceof NumericType)) {
            throw new IllegalArgumentException("the node table's column '" + column + "' is " + type.simpleString()
                    + "; expected an array of numbers (the features)");
        }
    }

    private static StructField field(Dataset<Row> table, String what, String column) {
        for (StructField f : table.schema().fields()) {
            if (f.name().equals(column)) {
                return f;
            }
        }
        throw new IllegalArgumentException("the " + what + " table has no column '" + column + "'; it has "
                + String.join(", ", table.columns()));
    }
}
