package org.erlangen.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.kernel.api.exceptions.Status;

/** Concurrent predictions agree, and training stops promptly when its transaction is terminated or times out. */
class ConcurrencyTest {
    private static final String TRAIN = "CALL erlangen.model.train";

    // checks timeouts every 100 ms instead of every 2 s, so that the timeout test does not wait for nothing
    @RegisterExtension
    static final TestDatabase db = TestDatabase.create()
            .with(GraphDatabaseSettings.transaction_monitor_check_interval, Duration.ofMillis(100));

    /**
     * Trains once before the timed tests, so that they time our reaction and not the JVM's first training: loading
     * ND4J's native libraries and our classes took up to 1.6 s on a loaded machine, and no guard check can cut it.
     */
    @BeforeAll
    static void trainOnce() {
        TestGraphs.create(db, TestGraphs.communities(40, 1), "Person", "KNOWS", 0);
        db.run(TRAIN + "('first', $c)", Map.of("c", config(2)));
    }

    private static Map<String, Object> config(int epochs) {
        Map<String, Object> c = new HashMap<>();
        c.put("task", "nodeClassification");
        c.put("nodeLabels", List.of("Person"));
        c.put("relationshipTypes", List.of("KNOWS"));
        c.put("orientation", "UNDIRECTED");
        c.put("featureProperties", List.of("features"));
        c.put("targetProperty", "community");
        c.put("epochs", epochs);
        return c;
    }

    @Test
    void eightConcurrentStreamsAgree() throws Exception {
        TestGraphs.create(db, TestGraphs.communities(600, 1), "Person", "KNOWS", 0);
        db.run("CALL erlangen.model.train('m', $c)", Map.of("c", config(5)));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> db.run("CALL erlangen.predict.stream('m', {concurrency: 2}) "
                        + "YIELD nodeId, prediction, probabilities RETURN nodeId, prediction, probabilities "
                        + "ORDER BY nodeId").stream().map(r -> r.asMap().toString()).toList().toString()));
            }
            String first = results.get(0).get();
            assertTrue(first.length() > 600 * 20);
            for (Future<String> f : results) {
                assertEquals(first, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void readingInParallelGivesTheSamePredictions() {
        TestGraphs.create(db, TestGraphs.communities(12_000, 4), "Person", "KNOWS", 0);
        Map<String, Object> c = config(2);
        c.put("concurrency", 1);
        db.run("CALL erlangen.model.train('m', $c)", Map.of("c", c));
        List<String> byThreads = new ArrayList<>();
        for (int threads : new int[] {1, 3}) {
            byThreads.add(db.run("CALL erlangen.predict.stream('m', {concurrency: $t}) YIELD nodeId, probabilities "
                    + "RETURN nodeId, probabilities ORDER BY nodeId", Map.of("t", threads)).stream()
                    .map(r -> r.asMap().toString()).toList().toString());
        }
        assertEquals(byThreads.get(0), byThreads.get(1));
    }

    @Test
    void terminatedTrainingStopsWithinASecond() throws Exception {
        TestGraphs.create(db, TestGraphs.communities(2000, 2), "Person", "KNOWS", 0);
        try (var watch = TerminationWatch.start(db, TRAIN)) {
            var training = longTraining("long", TransactionConfig.empty());
            String id = watch.awaitTransaction(Duration.ofSeconds(30));
            assertNotNull(id, "the training call never showed up");
            Thread.sleep(1500); // well into the epochs
            db.run("TERMINATE TRANSACTION $id", Map.of("id", id));
            Exception failure = training.awaitFailure();
            watch.assertStoppedWithinASecond(training, Status.Transaction.Terminated);
            assertTrue(failure.getMessage().toLowerCase().contains("terminated"), failure.getMessage());
        }
        assertEquals(0, db.run("CALL erlangen.model.list()").size(), "a terminated training added a model");
    }

    @Test
    void trainingRespectsTheTransactionTimeout() throws Exception {
        TestGraphs.create(db, TestGraphs.communities(2000, 3), "Person", "KNOWS", 0);
        try (var watch = TerminationWatch.start(db, TRAIN)) {
            var training = longTraining("timed",
                    TransactionConfig.builder().withTimeout(Duration.ofSeconds(2)).build());
            Exception failure = training.awaitFailure();
            watch.assertStoppedWithinASecond(training, Status.Transaction.TransactionTimedOutClientConfiguration);
            assertTrue(failure.getMessage().toLowerCase().contains("timeout") || failure.getMessage().toLowerCase()
                    .contains("terminated"), failure.getMessage());
        }
    }

    /** A training of a million epochs in the background, which only a terminated transaction can stop. */
    private static BackgroundCall longTraining(String name, TransactionConfig transaction) {
        return BackgroundCall.start(db, TRAIN + "($name, $c)", Map.of("name", name, "c", config(1_000_000)),
                transaction);
    }
}
