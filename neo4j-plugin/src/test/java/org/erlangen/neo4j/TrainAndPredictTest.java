package org.erlangen.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.neo4j.driver.Record;

class TrainAndPredictTest {
    @RegisterExtension
    static final TestDatabase db = TestDatabase.create();

    private static Record train(String name, Map<String, Object> config) {
        return db.single("CALL erlangen.model.train($name, $config)", Map.of("name", name, "config", config));
    }

    private static Map<String, Object> communityConfig(String task, String target) {
        Map<String, Object> c = new HashMap<>();
        c.put("task", task);
        c.put("nodeLabels", List.of("Person"));
        c.put("relationshipTypes", List.of("KNOWS"));
        c.put("orientation", "UNDIRECTED");
        c.put("featureProperties", List.of("features"));
        c.put("targetProperty", target);
        c.put("epochs", 60);
        c.put("hidden", 16);
        c.put("seed", 1);
        return c;
    }

    @Test
    void nodeClassificationTrainsStreamsAndWrites() {
        TestGraphs.create(db, TestGraphs.communities(80, 1), "Person", "KNOWS", 0);
        Record r = train("people", communityConfig("nodeClassification", "community"));
        assertEquals(80, r.get("nodeCount").asLong());
        assertEquals("accuracy", r.get("metric").asString());
        assertEquals(64 + 8 + 8, r.get("trainCount").asLong() + r.get("validationCount").asLong()
                + r.get("testCount").asLong());
        assertTrue(r.get("testMetric").asDouble() >= 0.8, "test accuracy " + r.get("testMetric") + " " + r.asMap());
        assertEquals(r.get("epochs").asLong(), r.get("epochMetrics").asList().size());

        List<Record> rows = db.run("CALL erlangen.predict.stream('people') YIELD nodeId, prediction, probabilities "
                + "RETURN nodeId, prediction, probabilities");
        assertEquals(80, rows.size());
        for (Record row : rows) {
            String predicted = row.get("prediction").asString();
            assertTrue(predicted.equals("red") || predicted.equals("blue"));
            List<Object> p = row.get("probabilities").asList();
            assertEquals(2, p.size());
            assertEquals(1.0, ((Number) p.get(0)).doubleValue() + ((Number) p.get(1)).doubleValue(), 1e-9);
            // classes are sorted: blue, red
            boolean blueMore = ((Number) p.get(0)).doubleValue() > ((Number) p.get(1)).doubleValue();
            assertEquals(blueMore ? "blue" : "red", predicted);
        }

        Record written = db.single("CALL erlangen.predict.write('people', {writeProperty: 'predicted'})", Map.of());
        assertEquals(80, written.get("nodePropertiesWritten").asLong());
        Record agree = db.single("CALL erlangen.predict.stream('people') YIELD nodeId, prediction "
                + "MATCH (p:Person) WHERE elementId(p) = nodeId RETURN count(*) AS n, "
                + "sum(CASE WHEN p.predicted = prediction THEN 1 ELSE 0 END) AS same, "
                + "avg(CASE WHEN p.predicted = p.community THEN 1.0 ELSE 0.0 END) AS accuracy", Map.of());
        assertEquals(80, agree.get("same").asLong());
        assertTrue(agree.get("accuracy").asDouble() >= 0.8);
    }

    @Test
    void nodeRegressionPredictsInTheTargetsUnits() {
        TestGraphs.create(db, TestGraphs.communities(80, 2), "Person", "KNOWS", 0);
        Map<String, Object> c = communityConfig("nodeRegression", "score");
        c.put("model", "sage");
        c.put("dropout", 0.0);
        c.put("epochs", 150);
        Record r = train("scores", c);
        assertEquals("rmse", r.get("metric").asString());
        Record spread = db.single("MATCH (p:Person) RETURN stDev(p.score) AS sd", Map.of());
        assertTrue(r.get("testMetric").asDouble() < 0.5 * spread.get("sd").asDouble(),
                "test RMSE " + r.get("testMetric") + " against target sd " + spread.get("sd"));
        Record error = db.single("CALL erlangen.predict.stream('scores') YIELD nodeId, prediction, probabilities "
                + "MATCH (p) WHERE elementId(p) = nodeId "
                + "RETURN sqrt(avg((prediction - p.score)^2)) AS rmse, count(probabilities) AS withProbabilities",
                Map.of());
        assertTrue(error.get("rmse").asDouble() < 0.5 * spread.get("sd").asDouble());
        assertEquals(0, error.get("withProbabilities").asLong());
    }

    private static Map<String, Object> ringConfig(String task, String target) {
        Map<String, Object> c = new HashMap<>();
        c.put("task", task);
        c.put("nodeLabels", List.of("Atom"));
        c.put("relationshipTypes", List.of("BOND"));
        c.put("orientation", "UNDIRECTED");
        c.put("featureProperties", List.of("features"));
        c.put("targetProperty", target);
        c.put("epochs", 60);
        c.put("hidden", 16);
        c.put("dropout", 0.0);
        c.put("seed", 3);
        return c;
    }

    @Test
    void graphClassificationByGraphIdProperty() {
        TestGraphs.create(db, TestGraphs.rings(60, 4), "Atom", "BOND", 0);
        Map<String, Object> c = ringConfig("graphClassification", "big");
        c.put("graphIdProperty", "graph");
        Record r = train("rings", c);
        assertEquals(60, r.get("graphCount").asLong());
        assertTrue(r.get("testMetric").asDouble() >= 0.8, "test accuracy " + r.get("testMetric"));
        List<Record> rows = db.run("CALL erlangen.predict.stream('rings') YIELD graphId, nodeId, prediction "
                + "RETURN graphId, nodeId, prediction ORDER BY graphId");
        assertEquals(60, rows.size());
        assertEquals(0L, rows.get(0).get("graphId").asLong());
        assertTrue(rows.get(0).get("nodeId").isNull());
        Record written = db.single("CALL erlangen.predict.write('rings', {writeProperty: 'predictedBig'}) "
                + "YIELD nodePropertiesWritten, graphCount RETURN *", Map.of());
        assertEquals(60, written.get("graphCount").asLong());
        Record check = db.single("MATCH (a:Atom) RETURN count(a) AS atoms, count(a.predictedBig) AS written, "
                + "avg(CASE WHEN a.predictedBig = a.big THEN 1.0 ELSE 0.0 END) AS accuracy", Map.of());
        assertEquals(check.get("atoms").asLong(), check.get("written").asLong());
        assertTrue(check.get("accuracy").asDouble() >= 0.8);
    }

    @Test
    void graphRegressionOverConnectedComponents() {
        TestGraphs.create(db, TestGraphs.rings(60, 5), "Atom", "BOND", 0);
        Map<String, Object> c = ringConfig("graphRegression", "size");
        c.put("epochs", 100);
        c.put("readout", "sum");
        Record r = train("sizes", c);
        assertEquals(60, r.get("graphCount").asLong());
        assertTrue(r.get("testMetric").asDouble() < 1.0, "test RMSE " + r.get("testMetric"));
        List<Record> rows = db.run("CALL erlangen.predict.stream('sizes') YIELD graphId RETURN graphId");
        assertEquals(60, rows.size());
        // a component is named by the smallest element id among its nodes
        Record first = db.single("MATCH (a:Atom) WITH a ORDER BY elementId(a) LIMIT 1 RETURN elementId(a) AS id",
                Map.of());
        assertTrue(rows.stream().anyMatch(x -> x.get("graphId").asString().equals(first.get("id").asString())));
    }

    @Test
    void everyModelTrainsOnNodeAndGraphTasks() {
        TestGraphs.create(db, TestGraphs.communities(40, 6), "Person", "KNOWS", 0);
        TestGraphs.create(db, TestGraphs.rings(20, 7), "Atom", "BOND", 0);
        for (String model : List.of("gcn", "sage", "gin", "gat", "gatv2", "transformer", "edgeconv", "pna",
                "deepsets")) {
            Map<String, Object> node = communityConfig("nodeClassification", "community");
            node.put("model", model);
            node.put("epochs", 2);
            Record r = train("node-" + model, node);
            assertEquals(2, r.get("epochs").asLong(), model);
            assertTrue(Double.isFinite(((Number) r.get("epochMetrics").asList(v -> v.asMap()).get(1).get("loss"))
                    .doubleValue()), model);
            Map<String, Object> graph = ringConfig("graphClassification", "big");
            graph.put("model", model);
            graph.put("epochs", 2);
            graph.put("graphIdProperty", "graph");
            assertEquals(20, train("graph-" + model, graph).get("graphCount").asLong(), model);
            assertEquals(40, db.run("CALL erlangen.predict.stream($m)", Map.of("m", "node-" + model)).size());
        }
        assertEquals(18, db.run("CALL erlangen.model.list()").size());
    }

    @Test
    void splitPropertyChoosesTheParts() {
        TestGraphs.create(db, TestGraphs.communities(40, 8), "Person", "KNOWS", 0);
        db.run("MATCH (p:Person) WITH p, toInteger(substring(p.name, 1)) AS i "
                + "SET p.part = CASE WHEN i % 4 = 0 THEN 'test' WHEN i % 4 = 1 THEN 'validation' "
                + "WHEN i % 4 = 2 THEN 'train' ELSE 'unused' END");
        Map<String, Object> c = communityConfig("nodeClassification", "community");
        c.put("splitProperty", "part");
        c.put("epochs", 5);
        Record r = train("split", c);
        assertEquals(10, r.get("trainCount").asLong());
        assertEquals(10, r.get("validationCount").asLong());
        assertEquals(10, r.get("testCount").asLong());
    }

    @Test
    void storeDropAndLoadKeepTheModel() throws Exception {
        TestGraphs.create(db, TestGraphs.communities(40, 9), "Person", "KNOWS", 0);
        Map<String, Object> c = communityConfig("nodeClassification", "community");
        c.put("epochs", 10);
        train("kept", c);
        List<Record> before = db.run("CALL erlangen.predict.stream('kept') YIELD nodeId, probabilities "
                + "RETURN nodeId, probabilities ORDER BY nodeId");
        Record listed = db.single("CALL erlangen.model.list()", Map.of());
        assertTrue(listed.get("loaded").asBoolean());
        assertFalse(listed.get("stored").asBoolean());
        assertEquals(List.of("blue", "red"), listed.get("classes").asList());

        Record stored = db.single("CALL erlangen.model.store('kept')", Map.of());
        assertTrue(stored.get("stored").asBoolean());
        try (var files = Files.walk(db.models())) {
            assertEquals(1, files.filter(p -> p.getFileName().toString().equals("kept.safetensors")).count());
        }
        db.clear(); // forgets memory and drops stored models
        TestGraphs.create(db, TestGraphs.communities(40, 9), "Person", "KNOWS", 0);
        train("kept", c);
        db.run("CALL erlangen.model.store('kept')");
        org.erlangen.neo4j.catalog.ModelCatalog.instance().clearMemory(); // as after a restart
        Record afterRestart = db.single("CALL erlangen.model.list()", Map.of());
        assertFalse(afterRestart.get("loaded").asBoolean());
        assertTrue(afterRestart.get("stored").asBoolean());
        assertTrue(db.single("CALL erlangen.model.load('kept')", Map.of()).get("loaded").asBoolean());
        List<Record> after = db.run("CALL erlangen.predict.stream('kept') YIELD nodeId, probabilities "
                + "RETURN nodeId, probabilities ORDER BY nodeId");
        assertEquals(before.size(), after.size());
        Record dropped = db.single("CALL erlangen.model.drop('kept')", Map.of());
        assertFalse(dropped.get("stored").asBoolean());
        assertEquals(0, db.run("CALL erlangen.model.list()").size());
        try (var files = Files.walk(db.models())) {
            assertEquals(0, files.filter(p -> p.getFileName().toString().endsWith(".safetensors")).count());
        }
    }

    @Test
    void estimatesGrowWithTheGraph() {
        TestGraphs.create(db, TestGraphs.communities(40, 10), "Person", "KNOWS", 0);
        Map<String, Object> c = communityConfig("nodeClassification", "community");
        Record small = db.single("CALL erlangen.model.train.estimate($c)", Map.of("c", c));
        TestGraphs.create(db, TestGraphs.communities(400, 11), "Person", "KNOWS", 0);
        Record large = db.single("CALL erlangen.model.train.estimate($c)", Map.of("c", c));
        assertEquals(440, large.get("nodeCount").asLong());
        assertTrue(large.get("bytesMin").asLong() > small.get("bytesMin").asLong());
        assertTrue(large.get("bytesMax").asLong() >= large.get("bytesMin").asLong());
        assertTrue(large.get("fits").asBoolean());
        assertNotNull(large.get("requiredMemory").asString());
        c.put("epochs", 2);
        train("m", c);
        Record predict = db.single("CALL erlangen.predict.stream.estimate('m', {})", Map.of());
        assertTrue(predict.get("bytesMin").asLong() > 0);
        Record write = db.single("CALL erlangen.predict.write.estimate('m', {writeProperty: 'x'})", Map.of());
        // a stream holds each row's probabilities until it is read; a write holds one value per node
        assertTrue(predict.get("bytesMin").asLong() > write.get("bytesMin").asLong());
        assertNull(db.single("MATCH (p:Person) RETURN max(p.x) AS x", Map.of()).get("x").asObject());
    }
}
