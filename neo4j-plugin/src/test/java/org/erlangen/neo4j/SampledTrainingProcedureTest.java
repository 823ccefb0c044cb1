package org.erlangen.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.erlangen.neo4j.catalog.ModelCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.kernel.api.exceptions.Status;

/** {@code erlangen.model.train} with {@code fanouts}: mini-batches on sampled neighbourhoods, over Bolt. */
class SampledTrainingProcedureTest {
    private static final String TRAIN = "CALL erlangen.model.train";

    // checks timeouts every 100 ms, as ConcurrencyTest does
    @RegisterExtension
    static final TestDatabase db = TestDatabase.create()
            .with(GraphDatabaseSettings.transaction_monitor_check_interval, Duration.ofMillis(100));

    /** Trains once first, so that the timed test times our reaction and not the JVM's first training. */
    @BeforeAll
    static void trainOnce() {
        TestGraphs.create(db, TestGraphs.communities(200, 1), "Person", "KNOWS", 0);
        db.run(TRAIN + "('first', $c)", Map.of("c", config("Person", 2)));
    }

    private static Map<String, Object> config(String label, int epochs) {
        Map<String, Object> c = TestGraphs.communityTask(label);
        c.put("relationshipTypes", List.of("KNOWS"));
        c.put("orientation", "UNDIRECTED");
        c.put("model", "sage");
        c.put("hidden", 16);
        c.put("epochs", epochs);
        c.put("seed", 3);
        c.put("fanouts", List.of(5, 5));
        c.put("batchSize", 32);
        return c;
    }

    private static String stream(String model) {
        return db.run("CALL erlangen.predict.stream($m) YIELD nodeId, probabilities "
                + "RETURN nodeId, probabilities ORDER BY nodeId", Map.of("m", model)).stream()
                .map(r -> r.asMap().toString()).toList().toString();
    }

    @Test
    void sampledTrainingReachesTheAccuracyOfFullBatch() {
        TestGraphs.create(db, TestGraphs.communities(400, 5), "Acc", "KNOWS", 0);
        Map<String, Object> sampled = config("Acc", 40);
        Map<String, Object> full = config("Acc", 40);
        full.remove("fanouts");
        full.remove("batchSize");
        double sampledAccuracy = db.single(TRAIN + "('accSampled', $c)", Map.of("c", sampled)).get("testMetric")
                .asDouble();
        double fullAccuracy = db.single(TRAIN + "('accFull', $c)", Map.of("c", full)).get("testMetric").asDouble();
        assertTrue(sampledAccuracy >= 0.8, "sampled test accuracy " + sampledAccuracy);
        assertTrue(sampledAccuracy >= fullAccuracy - 0.075, "sampled " + sampledAccuracy + ", full-batch "
                + fullAccuracy);
    }

    @Test
    void theSameSeedGivesTheSameModelAtAnyConcurrency() {
        TestGraphs.create(db, TestGraphs.communities(300, 6), "Conc", "KNOWS", 0);
        for (int threads : new int[] {1, 4}) {
            Map<String, Object> c = config("Conc", 8);
            c.put("concurrency", threads);
            db.run(TRAIN + "($name, $c)", Map.of("name", "conc" + threads, "c", c));
        }
        String one = stream("conc1");
        assertTrue(one.length() > 300 * 20);
        assertEquals(one, stream("conc4"));
    }

    /** The fanouts travel in the model file: read back after a restart, the model still predicts layer-wise. */
    @Test
    void aStoredSampledModelPredictsTheSameOnceLoaded() {
        TestGraphs.create(db, TestGraphs.communities(300, 7), "Stored", "KNOWS", 0);
        db.run(TRAIN + "('stored', $c)", Map.of("c", config("Stored", 5)));
        String before = stream("stored");
        db.run("CALL erlangen.model.store('stored')");
        ModelCatalog.instance().clearMemory(); // as after a restart
        db.run("CALL erlangen.model.load('stored')");
        assertEquals(before, stream("stored"));
    }

    /**
     * The {@code .estimate} scan counts the in-degrees a sampled training draws from: on a ring read both ways every
     * node has two in-neighbours, so fanouts of 10 and -1 draw what fanouts of 2 draw, and fanouts of 1 less.
     */
    @Test
    void theEstimateDrawsNoMoreInEdgesThanTheNodesHave() {
        db.run("UNWIND range(0, 399) AS i CREATE (:Ring {i: i, features: [1.0 * (i % 7), 1.0], community: i % 2})");
        db.run("MATCH (a:Ring), (b:Ring) WHERE b.i = (a.i + 1) % 400 CREATE (a)-[:NEXT]->(b)");
        long two = ringEstimate(List.of(2, 2));
        assertEquals(two, ringEstimate(List.of(10, 10)));
        assertEquals(two, ringEstimate(List.of(-1, -1)));
        assertTrue(ringEstimate(List.of(1, 1)) < two);
    }

    private static long ringEstimate(List<Integer> fanouts) {
        Map<String, Object> c = config("Ring", 2);
        c.put("relationshipTypes", List.of("NEXT"));
        c.put("fanouts", fanouts);
        return db.single("CALL erlangen.model.train.estimate($c)", Map.of("c", c)).get("bytesMax").asLong();
    }

    @Test
    void badFanoutsAreRefusedNamingTheValue() {
        Map<String, Object> zero = config("Person", 2);
        zero.put("fanouts", List.of(5, 0));
        assertRefused(zero, "got 0");
        Map<String, Object> count = config("Person", 2);
        count.put("fanouts", List.of(5));
        assertRefused(count, "[5] gives 1 hops for 2 layers");
        Map<String, Object> graphTask = config("Person", 2);
        graphTask.put("task", "graphClassification");
        graphTask.put("graphIdProperty", "community");
        assertRefused(graphTask, "fanouts is for node tasks");
        Map<String, Object> text = config("Person", 2);
        text.put("fanouts", List.of("ten", 5));
        assertRefused(text, "'fanouts' must be a list of integers");
    }

    private static void assertRefused(Map<String, Object> c, String part) {
        ClientException e = assertThrows(ClientException.class, () -> db.run(TRAIN + "('bad', $c)", Map.of("c", c)));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    @Test
    void terminatedSampledTrainingStopsWithinASecond() throws Exception {
        TestGraphs.create(db, TestGraphs.communities(2000, 2), "Long", "KNOWS", 0);
        try (var watch = TerminationWatch.start(db, TRAIN)) {
            var training = BackgroundCall.start(db, TRAIN + "('long', $c)", Map.of("c", config("Long", 1_000_000)),
                    TransactionConfig.empty());
            String id = watch.awaitTransaction(Duration.ofSeconds(30));
            assertNotNull(id, "the training call never showed up");
            Thread.sleep(1500); // well into the epochs
            db.run("TERMINATE TRANSACTION $id", Map.of("id", id));
            Exception failure = training.awaitFailure();
            watch.assertStoppedWithinASecond(training, Status.Transaction.Terminated);
            assertTrue(failure.getMessage().toLowerCase().contains("terminated"), failure.getMessage());
        }
        assertEquals(0, db.run("CALL erlangen.model.list() YIELD modelName WHERE modelName = 'long' "
                + "RETURN modelName").size(), "a terminated training added a model");
    }
}
