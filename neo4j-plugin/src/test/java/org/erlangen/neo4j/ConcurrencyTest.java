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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.TransactionConfig;

/** Concurrent predictions agree, and training stops promptly when its transaction is terminated or times out. */
class ConcurrencyTest {
    // check timeouts every 100 ms instead of every 2 s, so the timeout test measures our reaction
    @RegisterExtension
    static final TestDatabase db = TestDatabase.create()
            .with(GraphDatabaseSettings.transaction_monitor_check_interval, Duration.ofMillis(100));

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
        AtomicLong failedAt = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread training = new Thread(() -> {
            try (Session session = db.driver().session()) {
                session.run("CALL erlangen.model.train('long', $c)", Map.of("c", config(1_000_000))).consume();
            } catch (Exception e) {
                failedAt.set(System.nanoTime());
                failure.set(e);
            }
        });
        training.start();
        String id = null;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (id == null && System.nanoTime() < deadline) {
            // STARTS WITH, not CONTAINS: this SHOW query's own text contains the name too
            List<Record> rows = db.run("SHOW TRANSACTIONS YIELD transactionId, currentQuery "
                    + "WHERE currentQuery STARTS WITH 'CALL erlangen.model.train' RETURN transactionId");
            id = rows.isEmpty() ? null : rows.get(0).get("transactionId").asString();
            Thread.sleep(50);
        }
        assertNotNull(id, "the training call never showed up");
        Thread.sleep(1500); // well into the epochs
        long terminatedAt = System.nanoTime();
        db.run("TERMINATE TRANSACTION $id", Map.of("id", id));
        training.join(10_000);
        assertNotNull(failure.get(), "training did not stop");
        long millis = (failedAt.get() - terminatedAt) / 1_000_000;
        System.out.println("training stopped " + millis + " ms after TERMINATE TRANSACTION");
        assertTrue(millis < 1000, "stopped " + millis + " ms after TERMINATE TRANSACTION");
        assertTrue(failure.get().getMessage().toLowerCase().contains("terminated"), failure.get().getMessage());
        assertEquals(0, db.run("CALL erlangen.model.list()").size(), "a terminated training added a model");
    }

    @Test
    void trainingRespectsTheTransactionTimeout() {
        TestGraphs.create(db, TestGraphs.communities(2000, 3), "Person", "KNOWS", 0);
        long start = System.nanoTime();
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> {
            try (Session session = db.driver().session()) {
                session.run("CALL erlangen.model.train('timed', $c)", Map.of("c", config(1_000_000)),
                        TransactionConfig.builder().withTimeout(Duration.ofSeconds(2)).build()).consume();
            }
        });
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("training with a 2 s timeout stopped after " + millis + " ms");
        assertTrue(millis < 3000, "stopped after " + millis + " ms with a 2 s timeout");
        assertTrue(e.getMessage().toLowerCase().contains("timeout") || e.getMessage().toLowerCase()
                .contains("terminated"), e.getMessage());
    }
}
