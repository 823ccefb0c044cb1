package org.erlangen.spark;

import java.util.regex.Pattern;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A graph in Neo4j, read and written through the Neo4j Connector for Apache Spark: nodes of one label with a list
 * property of features (and optionally an integer label property), relationships of one type between them, and
 * predictions written back as node properties.
 */
public record Neo4jTables(String url, String user, String password) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String SOURCE = "org.neo4j.spark.DataSource";

    /** Nodes with label {@code label}, relationships of type {@code type} between them. */
    public SparkGraph read(SparkSession spark, String label, String type, String featureProperty,
            String labelProperty) {
        for (String name : new String[] {label, type, featureProperty}) {
            requireName(name);
        }
        Dataset<Row> nodes = connect(spark.read()).option("labels", ":" + label).load();
        Dataset<Row> edges = connect(spark.read()).option("relationship", type)
                .option("relationship.source.labels", ":" + label).option("relationship.target.labels", ":" + label)
                .load();
        return SparkGraph.fromTables(nodes, edges, SparkGraph.Columns.neo4j(featureProperty, labelProperty));
    }

    /**
     * Sets property {@code property} of every node in {@code values} (internal id, value) in batches of
     * {@code batch} rows per transaction. Idempotent: a retried task sets the same values again, and nothing is
     * created.
     */
    public void writeClasses(SparkSession spark, JavaPairRDD<Long, Integer> values, String property, int batch) {
        requireName(property);
        StructType schema = new StructType().add("id", DataTypes.LongType, false).add("value", DataTypes.IntegerType,
                false);
        Dataset<Row> rows = spark.createDataFrame(values.map(v -> RowFactory.create(v._1(), v._2())), schema);
        connect(rows.write().format(SOURCE).mode(SaveMode.Append))
                .option("query", "MATCH (n) WHERE id(n) = event.id SET n.`" + property + "` = event.value")
                .option("batch.size", Integer.toString(batch)).save();
    }

    private org.apache.spark.sql.DataFrameReader connect(org.apache.spark.sql.DataFrameReader reader) {
        return reader.format(SOURCE).option("url", url).option("authentication.basic.username", user)
                .option("authentication.basic.password", password);
    }

    private <T> org.apache.spark.sql.DataFrameWriter<T> connect(org.apache.spark.sql.DataFrameWriter<T> writer) {
        return writer.option("url", url).option("authentication.basic.username", user)
                .option("authentication.basic.password", password);
    }

    /** Labels, types and property names go into Cypher: only plain names. */
    static String requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a plain name (letters, digits, underscore)");
        }
        return name;
    }
}
