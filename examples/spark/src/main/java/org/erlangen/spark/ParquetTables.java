package org.erlangen.spark;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A graph in Parquet: a node table (id: long, features: array of float, label: int or null) and an edge table
 * (sender: long, receiver: long); predictions as a table (id: long, class: int, scores: array of float).
 */
public final class ParquetTables {
    private ParquetTables() {
    }

    public static SparkGraph read(SparkSession spark, String nodes, String edges) {
        return SparkGraph.fromTables(spark.read().parquet(nodes), spark.read().parquet(edges),
                SparkGraph.Columns.PARQUET);
    }

    /** Writes {@code graph} as the two tables (replacing what is there). */
    public static void write(SparkSession spark, SparkGraph graph, String nodes, String edges) {
        StructType nodeSchema = new StructType().add("id", DataTypes.LongType, false)
                .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false)
                .add("label", DataTypes.IntegerType, true);
        JavaPairRDD<Long, scala.Tuple2<float[], org.apache.spark.api.java.Optional<Integer>>> joined =
                graph.labels() == null ? graph.features().mapValues(x -> new scala.Tuple2<>(x,
                        org.apache.spark.api.java.Optional.<Integer>empty()))
                        : graph.features().leftOuterJoin(graph.labels());
        spark.createDataFrame(joined.map(v -> RowFactory.create(v._1(), boxed(v._2()._1()),
                v._2()._2().orElse(null))), nodeSchema).write().mode(SaveMode.Overwrite).parquet(nodes);
        StructType edgeSchema = new StructType().add("sender", DataTypes.LongType, false)
                .add("receiver", DataTypes.LongType, false);
        spark.createDataFrame(graph.edges().map(e -> RowFactory.create(e._1(), e._2())), edgeSchema).write()
                .mode(SaveMode.Overwrite).parquet(edges);
    }

    /** Writes each node's class and scores (replacing what is there: a retried job writes the same table). */
    public static void writePredictions(SparkSession spark, JavaPairRDD<Long, float[]> outputs, String path) {
        StructType schema = new StructType().add("id", DataTypes.LongType, false)
                .add("class", DataTypes.IntegerType, false)
                .add("scores", DataTypes.createArrayType(DataTypes.FloatType, false), false);
        spark.createDataFrame(outputs.map(v -> RowFactory.create(v._1(), DistributedInference.argmax(v._2()),
                boxed(v._2()))), schema).write().mode(SaveMode.Overwrite).parquet(path);
    }

    /** An array column's value as Spark's row encoder takes it: a Scala sequence. */
    private static Object boxed(float[] values) {
        return scala.collection.immutable.ArraySeq.unsafeWrapArray(values);
    }
}
