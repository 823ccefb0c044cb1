package org.erlangen.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import org.erlangen.neo4j.catalog.ModelCatalog;
import org.erlangen.neo4j.memory.PluginMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.neo4j.configuration.Config;
import org.neo4j.driver.Record;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * The ways around the old memory check, each now refused before the memory is taken, with a message naming the
 * plugin's limit: a class per node, feature arrays longer on later nodes than on the first, a graph task where every
 * node is its own graph, calls that fit alone but not together, and models held in memory.
 */
class MemoryLimitsTest {
    private static final long MIB = 1024 * 1024;
    private static final long LIMIT = 32 * MIB;

    @RegisterExtension
    static final TestDatabase db = TestDatabase.create().with(ErlangenSettings.MEMORY_LIMIT, LIMIT);

    @AfterEach
    void nothingHeld() {
        assertEquals(0, PluginMemory.instance().reserved(), "a call kept its reservation after it ended");
        ModelCatalog.instance().clearMemory();
    }

    @Test
    void aClassPerNodeIsRefusedBeforeTheModelIsMade() {
        createItems(5000, i -> new double[] {i % 7, 1}, i -> (long) i, null);
        Map<String, Object> c = config("nodeClassification", "gcn");
        Record estimate = estimate(c);
        assertFalse(estimate.get("fits").asBoolean(), "5,000 classes estimated at " + estimate.get("bytesMax"));
        var e = assertThrows(Exception.class, () -> train("perNode", c));
        assertTrue(e.getMessage().contains("dbms.erlangen.memory.limit"), e.getMessage());
        assertEquals(0, db.run("CALL erlangen.model.list()").size());
        // the same nodes with two classes fit
        db.run("MATCH (n:Item) SET n.target = n.target % 2");
        assertTrue(estimate(c).get("fits").asBoolean());
        train("twoClasses", c);
    }

    @Test
    void samplingFitsATrainingTheWholeGraphDoesNotAndIsRefusedUpFrontWhenItDoesNot() {
        createItems(5000, i -> new double[] {i % 7, 1, i % 3}, i -> (long) (i % 2), null);
        db.run("MATCH (a:Item), (b:Item) WHERE id(b) = id(a) + 1 CREATE (a)-[:NEXT]->(b)");
        Map<String, Object> full = config("nodeClassification", "sage");
        full.put("hidden", hiddenFor(full, LIMIT, 4 * LIMIT));
        assertFalse(estimate(full).get("fits").asBoolean());
        Map<String, Object> sampled = new HashMap<>(full);
        sampled.put("fanouts", List.of(5, 5));
        sampled.put("batchSize", 64);
        Record fits = estimate(sampled);
        assertTrue(fits.get("fits").asBoolean(), "sampled, estimated at " + fits.get("bytesMax"));
        train("sampled", sampled);
        assertEquals(1, db.run("CALL erlangen.model.list()").size());
        // a model too wide for the limit even in batches is refused before anything is read
        sampled.put("hidden", 4096);
        assertFalse(estimate(sampled).get("fits").asBoolean());
        var e = assertThrows(Exception.class, () -> train("tooWide", sampled));
        assertTrue(e.getMessage().contains("dbms.erlangen.memory.limit"), e.getMessage());
        assertEquals(1, db.run("CALL erlangen.model.list()").size());
        db.run("CALL erlangen.model.drop('sampled')");
    }

    @Test
    void longFeatureArraysAfterAShortFirstOneAreRefusedWhileReading() {
        createItems(1, i -> new double[] {1}, i -> (long) (i % 2), null);
        createItems(2000, i -> new double[2000], i -> (long) (i % 2), null);
        Map<String, Object> c = config("nodeClassification", "gcn");
        assertFalse(estimate(c).get("fits").asBoolean(), "the estimate reads every node's width");
        var e = assertThrows(Exception.class, () -> train("long", c));
        assertTrue(e.getMessage().contains("dbms.erlangen.memory.limit"), e.getMessage());
        assertFalse(e.getMessage().contains("inconsistent length"), "read everything before refusing: "
                + e.getMessage());
    }

    @Test
    void aGraphTaskWithAGraphPerNodeCountsEveryGraph() {
        createItems(20000, i -> new double[] {1, i % 3}, i -> (long) (i % 2), i -> (long) i);
        Map<String, Object> c = config("graphClassification", "gin");
        c.put("graphIdProperty", "graph");
        Record estimate = estimate(c);
        assertFalse(estimate.get("fits").asBoolean(), "20,000 graphs estimated at " + estimate.get("bytesMax"));
        var e = assertThrows(Exception.class, () -> train("perNodeGraphs", c));
        assertTrue(e.getMessage().contains("dbms.erlangen.memory.limit"), e.getMessage());
    }

    @Test
    void callsThatFitAloneButNotTogetherAreRefused() throws Exception {
        createItems(2000, i -> new double[] {i % 5, 1, 0, i % 2}, i -> (long) (i % 2), null);
        Map<String, Object> c = config("nodeClassification", "gcn");
        c.put("hidden", hiddenFor(c, LIMIT * 6 / 10, LIMIT * 9 / 10));
        long one = estimate(c).get("bytesMax").asLong();
        assertTrue(one <= LIMIT && 2 * one > LIMIT, "each call needs " + one + " bytes");
        Map<String, Object> endless = new HashMap<>(c);
        endless.put("epochs", 1_000_000);
        endless.put("patience", 1_000_000);
        var first = CompletableFuture.runAsync(() -> train("first", endless));
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (PluginMemory.instance().reserved() < one / 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(PluginMemory.instance().reserved() >= one / 2, "the first call never reserved its memory");
            var e = assertThrows(Exception.class, () -> train("second", c));
            assertTrue(e.getMessage().contains("1 other running call(s)"), e.getMessage());
        } finally {
            for (var r : db.run("SHOW TRANSACTIONS YIELD transactionId, currentQuery "
                    + "WHERE currentQuery CONTAINS 'erlangen.model.train' RETURN transactionId")) {
                db.run("TERMINATE TRANSACTION $id", Map.of("id", r.get("transactionId").asString()));
            }
        }
        var e = assertThrows(Exception.class, first::join);
        assertTrue(e.getMessage().toLowerCase().contains("terminated"), e.getMessage());
        assertEquals(0, PluginMemory.instance().reserved(), "the terminated call gave its memory back");
        train("second", c); // alone, it fits
    }

    @Test
    void modelsInMemoryCountAgainstTheLimit() {
        createItems(2000, i -> new double[] {i % 5, 1, 0, i % 2}, i -> (long) (i % 2), null);
        db.run("UNWIND range(1, 20) AS i CREATE (:Small {features: [1.0 * i, 1.0], target: i % 2})");
        Map<String, Object> wide = config("nodeClassification", "gin"); // a large model trained on a few nodes
        wide.put("nodeLabels", List.of("Small"));
        wide.put("layers", 3);
        wide.put("hidden", hiddenFor(wide, LIMIT / 2, LIMIT));
        train("held", wide);
        long held = ModelCatalog.instance().bytesInMemory();
        assertTrue(held > LIMIT / 20, "the model holds " + held + " bytes");
        Map<String, Object> c = config("nodeClassification", "gcn");
        c.put("hidden", hiddenFor(c, LIMIT - held / 2, LIMIT));
        var e = assertThrows(Exception.class, () -> train("next", c));
        assertTrue(e.getMessage().contains("by models in memory"), e.getMessage());
        db.run("CALL erlangen.model.drop('held')");
        train("next", c);
    }

    /** A hidden width whose training estimate lies between {@code low} and {@code high} bytes. */
    @Test
    void aStoredModelIsReadOnlyWhenItsArraysFit() {
        db.run("UNWIND range(1, 20) AS i CREATE (:Small {features: [1.0 * i, 1.0], target: i % 2})");
        Map<String, Object> c = config("nodeClassification", "gin");
        c.put("nodeLabels", List.of("Small"));
        c.put("hidden", 256);
        c.put("layers", 3);
        train("stored", c);
        db.run("CALL erlangen.model.store('stored')");
        long held = ModelCatalog.instance().bytesInMemory();
        memoryLimit(2 * held); // the model in memory, and less than its file's arrays and a second network
        try {
            var e = assertThrows(Exception.class, () -> db.run("CALL erlangen.model.load('stored')"));
            assertTrue(e.getMessage().contains("erlangen.model.load('stored') needs"), e.getMessage());
            assertEquals(held, ModelCatalog.instance().bytesInMemory(), "the model in memory stays");
            memoryLimit(4 * held);
            db.run("CALL erlangen.model.load('stored')");
            assertEquals(held, ModelCatalog.instance().bytesInMemory(), "the loaded model replaced the old one");
        } finally {
            memoryLimit(LIMIT);
            db.run("CALL erlangen.model.drop('stored')");
        }
    }

    private static void memoryLimit(long bytes) {
        ((GraphDatabaseAPI) db.database()).getDependencyResolver().resolveDependency(Config.class)
                .setDynamic(ErlangenSettings.MEMORY_LIMIT, bytes, "MemoryLimitsTest");
    }

    private static int hiddenFor(Map<String, Object> config, long low, long high) {
        Map<String, Object> c = new HashMap<>(config);
        for (int hidden = 8; hidden <= 4096; hidden += hidden < 256 ? 4 : 16) {
            c.put("hidden", hidden);
            long bytes = estimate(c).get("bytesMax").asLong();
            if (bytes > low && bytes <= high) {
                return hidden;
            }
        }
        throw new AssertionError("no hidden width gives an estimate between " + low + " and " + high);
    }

    private static Record estimate(Map<String, Object> c) {
        return db.single("CALL erlangen.model.train.estimate($c)", Map.of("c", c));
    }

    private static void train(String name, Map<String, Object> c) {
        db.run("CALL erlangen.model.train($name, $c)", Map.of("name", name, "c", c));
    }

    private static Map<String, Object> config(String task, String model) {
        Map<String, Object> c = new HashMap<>();
        c.put("task", task);
        c.put("nodeLabels", List.of("Item"));
        c.put("featureProperties", List.of("features"));
        c.put("targetProperty", "target");
        c.put("model", model);
        c.put("epochs", 2);
        c.put("concurrency", 1);
        return c;
    }

    private static void createItems(int count, IntFunction<double[]> features,
            IntFunction<Long> target, IntFunction<Long> graph) {
        for (int from = 0; from < count; from += 1000) {
            List<Map<String, Object>> nodes = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + 1000); i++) {
                Map<String, Object> node = new HashMap<>();
                node.put("features", features.apply(i));
                node.put("target", target.apply(i));
                if (graph != null) {
                    node.put("graph", graph.apply(i));
                }
                nodes.add(node);
            }
            db.run("UNWIND $nodes AS n CREATE (x:Item) SET x = n", Map.of("nodes", nodes));
        }
    }
}
