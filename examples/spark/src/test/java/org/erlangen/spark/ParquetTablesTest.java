package org.erlangen.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.gnn.models.ModelConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** A graph written to Parquet reads back the same; predictions go to Parquet with their classes and scores. */
class ParquetTablesTest extends OnLocalSpark {
    @Test
    void aGraphRoundTripsAndItsPredictionsAreWritten() throws Exception {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "parquet");
        var g = new GeneratedGraph(80, 300, 5, 3, 8, 2);
        ParquetTables.write(spark, g.toSpark(sc), dir.resolve("nodes").toString(), dir.resolve("edges").toString());
        SparkGraph read = ParquetTables.read(spark, dir.resolve("nodes").toString(), dir.resolve("edges").toString());
        Map<Long, float[]> features = read.features().collectAsMap();
        assertEquals(80, features.size());
        for (int v = 0; v < 80; v++) {
            assertArrayEquals(g.featureRow(v), features.get(g.id(v)), "node " + v);
        }
        assertEquals(g.label(17), read.labels().collectAsMap().get(g.id(17)));
        assertEquals(sorted(g.toSpark(sc).edges().collect()), sorted(read.edges().collect()));

        var model = new GnnModel(new ModelConfig("gin", "node", 5, 8, 3, 2, 0.0, "sum", 1, 1.5), 2, DataType.FLOAT);
        var outputs = DistributedInference.run(ModelBroadcast.of(sc, model), read, 2).rows();
        Map<Long, float[]> expected = outputs.collectAsMap();
        String path = dir.resolve("predictions").toString();
        ParquetTables.writePredictions(spark, outputs, path);
        List<Row> rows = spark.read().parquet(path).collectAsList();
        assertEquals(80, rows.size());
        for (Row row : rows) {
            float[] scores = expected.get(row.getLong(0));
            assertEquals(DistributedInference.argmax(scores), row.getInt(1));
            List<Float> written = row.getList(2);
            for (int c = 0; c < scores.length; c++) {
                assertEquals(scores[c], written.get(c), 0f);
            }
        }
    }

    private static List<String> sorted(List<scala.Tuple2<Long, Long>> edges) {
        return edges.stream().map(e -> e._1() + "->" + e._2()).sorted().toList();
    }

    @Test
    void aTableWithoutTheFeatureColumnIsNamed() throws Exception {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "parquet");
        spark.range(3).toDF("id").write().parquet(dir.resolve("nodes").toString());
        spark.range(3).toDF("sender").withColumn("receiver", org.apache.spark.sql.functions.col("sender"))
                .write().parquet(dir.resolve("edges").toString());
        var e = assertThrows(IllegalArgumentException.class, () -> ParquetTables.read(spark,
                dir.resolve("nodes").toString(), dir.resolve("edges").toString()));
        assertTrue(e.getMessage().startsWith("the node table has no column 'features'"), e.getMessage());
    }
}
