package org.erlangen.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.gnn.models.ModelConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Against a real Neo4j (the in-process harness, over Bolt): the connector reads the graph, distributed inference
 * runs on it, and the classes go back as a node property, twice with the same result (a retried write changes
 * nothing).
 */
class Neo4jJobTest {
    private static IsolatedNeo4j neo4j;
    private static Driver driver;
    private static SparkSession spark;
    private static JavaSparkContext sc;
    private static final GeneratedGraph GRAPH = new GeneratedGraph(120, 500, 6, 3, 5, 1);

    @BeforeAll
    static void start() throws Exception {
        neo4j = IsolatedNeo4j.start();
        driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none());
        Papers.store(driver, GRAPH);
        spark = LocalSpark.start();
        sc = LocalSpark.context(spark);
    }

    @AfterAll
    static void stop() throws Exception {
        if (spark != null) {
            spark.stop();
        }
        driver.close();
        neo4j.close();
    }

    private static Neo4jTables tables() {
        return new Neo4jTables(neo4j.boltUri().toString(), "neo4j", "unused");
    }

    @Test
    void readsInfersAndWritesBackIdempotently() throws Exception {
        SparkGraph graph = tables().read(spark, "Paper", "CITES", "features", "label");
        assertEquals(GRAPH.nodes(), graph.features().count());
        assertEquals(GRAPH.edges(), graph.edges().count());
        assertEquals(GRAPH.nodes(), graph.labels().count());

        var model = new GnnModel(new ModelConfig("sage", "node", 6, 8, 3, 2, 0.0, "sum", 1, 1.5), 4,
                DataType.FLOAT);
        JavaPairRDD<Long, Integer> classes = DistributedInference.classes(
                DistributedInference.run(ModelBroadcast.of(sc, model), graph, 2).rows());
        Map<Long, Integer> expected = classes.collectAsMap();
        tables().writeClasses(spark, classes, "predicted", 50);
        Map<Long, Object> first = stored("predicted");
        assertEquals(expected, first);
        tables().writeClasses(spark, classes, "predicted", 50); // a retried job
        assertEquals(first, stored("predicted"));
        try (Session tx = driver.session()) {
            assertEquals(GRAPH.nodes(), tx.run("MATCH (n) RETURN count(n) AS c").single().get("c").asInt(),
                    "nothing created");
        }
    }

    @Test
    void aPropertyNameThatIsNotPlainIsRefusedBeforeAnythingIsWritten() {
        var e = assertThrows(IllegalArgumentException.class, () -> tables().writeClasses(spark,
                sc.parallelizePairs(List.of(new scala.Tuple2<>(0L, 1))), "x` = 1 //", 10));
        assertTrue(e.getMessage().contains("not a plain name"), e.getMessage());
    }

    private static Map<Long, Object> stored(String property) {
        return Papers.stored(driver, property);
    }
}
