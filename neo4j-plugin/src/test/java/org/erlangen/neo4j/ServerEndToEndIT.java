package org.erlangen.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;

/**
 * The plugin jar in the plugins/ folder of a real Neo4j server, started as a child process from the jars of
 * Maven Central, and called over Bolt with the Java driver. Runs with {@code mvn -P e2e verify}, which builds the jar
 * and assembles the server; the tests share one server and build on each other in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerEndToEndIT {
    /** Below the server's own limit on all transactions (70% of its 1 GiB heap), so that ours is the one in force. */
    private static final long MEMORY_LIMIT = 512L << 20;
    private static ServerProcess server;

    @BeforeAll
    static void start() throws Exception {
        Path home = ServerProcess.property("e2e.server.home");
        Path jar = ServerProcess.property("e2e.plugin.jar");
        server = ServerProcess.start(home, jar, List.of("dbms.erlangen.memory.limit=" + MEMORY_LIMIT));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static List<Record> run(String cypher, Map<String, Object> parameters) {
        try (Session session = server.driver().session()) {
            return session.run(cypher, parameters).list();
        }
    }

    private static Record single(String cypher, Map<String, Object> parameters) {
        try (Session session = server.driver().session()) {
            return session.run(cypher, parameters).single();
        }
    }

    @Test
    @Order(1)
    void proceduresAndSettingsAreRegistered() throws Exception {
        Set<String> names = run("SHOW PROCEDURES YIELD name WHERE name STARTS WITH 'erlangen.' RETURN name", Map.of())
                .stream().map(r -> r.get("name").asString()).collect(Collectors.toSet());
        assertEquals(Set.of("erlangen.model.train", "erlangen.model.train.estimate", "erlangen.model.list",
                "erlangen.model.drop", "erlangen.model.store", "erlangen.model.load", "erlangen.predict.stream",
                "erlangen.predict.stream.estimate", "erlangen.predict.write", "erlangen.predict.write.estimate",
                "erlangen.embed.stream", "erlangen.embed.stream.estimate", "erlangen.embed.write",
                "erlangen.embed.write.estimate"),
                names, server.logs());
        // the plugin's SettingsDeclaration is seen by the server's strict config validation and by procedures
        Record limit = single("CALL erlangen.model.train.estimate({task: 'nodeClassification', "
                + "featureProperties: ['features'], targetProperty: 'community'}) YIELD limit RETURN limit", Map.of());
        assertEquals(MEMORY_LIMIT, limit.get("limit").asLong());
        List<String> pluginProblems = server.debugLogProblems().stream()
                .filter(l -> l.contains("plugin") || l.contains("erlangen") || l.contains("GlobalProcedures")).toList();
        assertEquals(List.of(), pluginProblems, "debug.log warns about the plugin");
    }

    @Test
    @Order(2)
    void trainPredictWriteStoreAndList() throws Exception {
        TestGraphs.Spec graph = TestGraphs.communities(80, 1);
        run("CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name)", Map.of());
        run("CALL db.awaitIndexes()", Map.of());
        run("UNWIND $nodes AS n CREATE (x:Person) SET x = n", Map.of("nodes", graph.nodes()));
        run("UNWIND $edges AS e MATCH (a:Person {name: e.s}), (b:Person {name: e.t}) CREATE (a)-[:KNOWS]->(b)",
                Map.of("edges", graph.edges()));

        Map<String, Object> config = new HashMap<>();
        config.put("task", "nodeClassification");
        config.put("nodeLabels", List.of("Person"));
        config.put("relationshipTypes", List.of("KNOWS"));
        config.put("orientation", "UNDIRECTED");
        config.put("featureProperties", List.of("features"));
        config.put("targetProperty", "community");
        config.put("epochs", 60);
        config.put("hidden", 16);
        config.put("seed", 1);
        Record trained = single("CALL erlangen.model.train('people', $config)", Map.of("config", config));
        assertEquals(80, trained.get("nodeCount").asLong());
        assertEquals(60, trained.get("epochs").asLong());
        assertTrue(trained.get("testMetric").asDouble() >= 0.8, "test accuracy " + trained.asMap());

        Record streamed = single("CALL erlangen.predict.stream('people') YIELD nodeId, prediction, probabilities "
                + "MATCH (p:Person) WHERE elementId(p) = nodeId "
                + "RETURN count(*) AS n, avg(CASE WHEN prediction = p.community THEN 1.0 ELSE 0.0 END) AS accuracy, "
                + "min(reduce(s = 0.0, x IN probabilities | s + x)) AS minSum, "
                + "max(reduce(s = 0.0, x IN probabilities | s + x)) AS maxSum", Map.of());
        assertEquals(80, streamed.get("n").asLong());
        assertTrue(streamed.get("accuracy").asDouble() >= 0.8, "accuracy " + streamed.get("accuracy"));
        assertEquals(1.0, streamed.get("minSum").asDouble(), 1e-6);
        assertEquals(1.0, streamed.get("maxSum").asDouble(), 1e-6);

        Record written = single("CALL erlangen.predict.write('people', {writeProperty: 'predicted'})", Map.of());
        assertEquals(80, written.get("nodePropertiesWritten").asLong());
        Record agree = single("CALL erlangen.predict.stream('people') YIELD nodeId, prediction "
                + "MATCH (p:Person) WHERE elementId(p) = nodeId RETURN count(*) AS n, "
                + "sum(CASE WHEN p.predicted = prediction THEN 1 ELSE 0 END) AS same, "
                + "avg(CASE WHEN p.predicted = p.community THEN 1.0 ELSE 0.0 END) AS accuracy", Map.of());
        assertEquals(80, agree.get("same").asLong());
        assertEquals(streamed.get("accuracy").asDouble(), agree.get("accuracy").asDouble(), 1e-12);

        Record stored = single("CALL erlangen.model.store('people')", Map.of());
        assertTrue(stored.get("stored").asBoolean());
        assertEquals(1, modelFiles("people.safetensors"), "model file under data/erlangen-models");
        Record listed = single("CALL erlangen.model.list()", Map.of());
        assertEquals("people", listed.get("modelName").asString());
        assertTrue(listed.get("loaded").asBoolean());
        assertTrue(listed.get("stored").asBoolean());
        assertEquals(List.of("blue", "red"), listed.get("classes").asList());
        assertEquals(List.of("features"), listed.get("featureProperties").asList());
    }

    @Test
    @Order(3)
    void storedModelOutlivesARestart() throws Exception {
        Map<String, Object> before = predictions();
        server = server.restart();
        Record listed = single("CALL erlangen.model.list()", Map.of());
        assertEquals("people", listed.get("modelName").asString());
        assertFalse(listed.get("loaded").asBoolean(), "a fresh server has nothing in memory");
        assertTrue(listed.get("stored").asBoolean());
        assertTrue(single("CALL erlangen.model.load('people')", Map.of()).get("loaded").asBoolean());
        assertEquals(before, predictions());
    }

    private static Map<String, Object> predictions() {
        Map<String, Object> out = new HashMap<>();
        for (Record r : run("CALL erlangen.predict.stream('people') YIELD nodeId, prediction "
                + "MATCH (p:Person) WHERE elementId(p) = nodeId RETURN p.name AS name, prediction", Map.of())) {
            out.put(r.get("name").asString(), r.get("prediction").asObject());
        }
        return out;
    }

    private static long modelFiles(String name) throws Exception {
        Path folder = server.home().resolve("data/erlangen-models");
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> p.getFileName().toString().equals(name)).count();
        }
    }
}
