package org.erlangen.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.erlangen.neo4j.memory.PluginMemory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.Config;
import org.neo4j.driver.Record;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Calls whose estimate exceeds the memory limit in force (the plugin's, or the server's transaction limit where
 * lower) are refused before reading anything, and a write that fails half-way (here: the database's own limit on
 * transaction memory) leaves no property written.
 */
class LimitsTest {
    private static final long MIB = 1024 * 1024;
    /** Enough for predicting on the items (about 2 MiB registered), too little for writing 2,000 long values. */
    private static final long TRANSACTION_LIMIT = 6 * MIB;

    @RegisterExtension
    static final TestDatabase db = TestDatabase.create().with(ErlangenSettings.MEMORY_LIMIT, 50 * MIB)
            .with(GraphDatabaseSettings.memory_transaction_max_size, TRANSACTION_LIMIT).keepingDataBetweenTests();

    @BeforeAll
    static void createItems() {
        // 2,000 nodes whose class values are 2,000 characters long, created in small transactions
        Random random = new Random(1);
        String pad = "x".repeat(2000);
        for (int batch = 0; batch < 20; batch++) {
            List<Map<String, Object>> nodes = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                boolean red = random.nextBoolean();
                nodes.add(Map.of("features", new double[] {red ? 1 : -1, random.nextGaussian()}, "kind",
                        (red ? "red" : "blue") + pad));
            }
            db.run("UNWIND $nodes AS n CREATE (x:Item) SET x = n", Map.of("nodes", nodes));
        }
    }

    private static Map<String, Object> config() {
        Map<String, Object> c = new HashMap<>();
        c.put("task", "nodeClassification");
        c.put("nodeLabels", List.of("Item"));
        c.put("featureProperties", List.of("features"));
        c.put("targetProperty", "kind");
        c.put("model", "deepsets");
        c.put("epochs", 20);
        return c;
    }

    @Test
    void trainingAboveTheLimitIsRefusedUpFront() {
        Map<String, Object> big = config();
        big.put("hidden", 4096);
        big.put("layers", 8);
        // the server's limit on a transaction (6 MiB) is below the plugin's: it is the one in force
        Record estimate = db.single("CALL erlangen.model.train.estimate($c)", Map.of("c", big));
        assertFalse(estimate.get("fits").asBoolean());
        assertEquals(TRANSACTION_LIMIT, estimate.get("limit").asLong());
        assertFalse(db.single("CALL erlangen.model.train.estimate($c)", Map.of("c", config())).get("fits")
                .asBoolean(), "the 2,000 long class values alone take more than 6 MiB");
        transactionLimit(64 * MIB);
        try {
            estimate = db.single("CALL erlangen.model.train.estimate($c)", Map.of("c", big));
            assertFalse(estimate.get("fits").asBoolean());
            assertEquals(50 * MIB, estimate.get("limit").asLong());
            var e = assertThrows(Exception.class, () -> db.run("CALL erlangen.model.train('big', $c)",
                    Map.of("c", big)));
            assertTrue(e.getMessage().contains("more than the limit of 50.0 MiB (the least of "
                    + "dbms.erlangen.memory.limit"), e.getMessage());
            assertTrue(db.single("CALL erlangen.model.train.estimate($c)", Map.of("c", config())).get("fits")
                    .asBoolean());
        } finally {
            transactionLimit(TRANSACTION_LIMIT);
        }
    }

    /** Training holds the 2,000 long class values it reads, registered with the transaction's tracker. */
    @Test
    void theTransactionMemoryLimitStopsACall() {
        var e = assertThrows(Exception.class, () -> db.run("CALL erlangen.model.train('stopped', $c)",
                Map.of("c", config())));
        assertTrue(e.getMessage().contains("db.memory.transaction.max"), e.getMessage());
        assertEquals(0, PluginMemory.instance().reserved(), "the call's reservation was given back");
        assertTrue(db.run("CALL erlangen.model.list()").stream()
                .noneMatch(r -> r.get("modelName").asString().equals("stopped")));
    }

    @Test
    void aWriteThatFailsHalfWayWritesNothing() {
        transactionLimit(64 * MIB); // training holds the long class values; the write below runs under 6 MiB
        try {
            db.run("CALL erlangen.model.train('items', $c)", Map.of("c", config()));
        } finally {
            transactionLimit(TRANSACTION_LIMIT);
        }
        var e = assertThrows(Exception.class, () -> db.run("CALL erlangen.predict.write('items', "
                + "{writeProperty: 'predicted', batchSize: 100})"));
        assertTrue(e.getMessage().toLowerCase().contains("memory"), e.getMessage());
        Record after = db.single("MATCH (n:Item) RETURN count(n) AS nodes, count(n.predicted) AS written", Map.of());
        assertEquals(2000, after.get("nodes").asLong());
        assertEquals(0, after.get("written").asLong());
        // the same predictions stream fine, and a short property can be written
        assertEquals(2000, db.run("CALL erlangen.predict.stream('items', {})").size());
    }

    private static void transactionLimit(long bytes) {
        ((GraphDatabaseAPI) db.database()).getDependencyResolver().resolveDependency(Config.class)
                .setDynamic(GraphDatabaseSettings.memory_transaction_max_size, bytes, "LimitsTest");
    }
}
