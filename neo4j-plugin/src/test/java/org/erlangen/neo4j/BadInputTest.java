package org.erlangen.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.neo4j.driver.exceptions.ClientException;

/** Each kind of bad input gets an error that names the problem, and leaves the graph as it was. */
class BadInputTest {
    @RegisterExtension
    static final TestDatabase db = TestDatabase.create();

    @BeforeEach
    void createGraph() {
        TestGraphs.create(db, TestGraphs.communities(40, 1), "Person", "KNOWS", 0);
    }

    private static Map<String, Object> config() {
        Map<String, Object> c = TestGraphs.communityTask("Person");
        c.put("relationshipTypes", List.of("KNOWS"));
        c.put("epochs", 3);
        return c;
    }

    private static String fingerprint() {
        return db.single("MATCH (n) OPTIONAL MATCH (n)-[r]->() WITH n, count(r) AS degree "
                + "ORDER BY elementId(n) RETURN collect([elementId(n), labels(n), properties(n), degree]) AS content",
                Map.of()).asMap().toString();
    }

    /** Runs the call, expects a client error, and checks that its message has every fragment and the graph held. */
    private static String fails(String cypher, Map<String, Object> parameters, String... fragments) {
        String before = fingerprint();
        ClientException e = assertThrows(ClientException.class, () -> db.run(cypher, parameters));
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' not in: " + e.getMessage());
        }
        assertEquals(before, fingerprint(), "the graph changed");
        return e.getMessage();
    }

    private static String failsToTrain(Map<String, Object> config, String... fragments) {
        return fails("CALL erlangen.model.train('m', $c)", Map.of("c", config), fragments);
    }

    @Test
    void unknownModel() {
        Map<String, Object> c = config();
        c.put("model", "gnc");
        failsToTrain(c, "unknown model 'gnc'", "gcn", "sage");
        fails("CALL erlangen.predict.stream('nothing', {})", Map.of(), "no model named 'nothing'");
    }

    @Test
    void missingOrNonNumericFeatures() {
        db.run("MATCH (p:Person) WHERE p.name IN ['p1', 'p2', 'p3'] REMOVE p.features");
        db.run("MATCH (p:Person {name: 'p4'}) SET p.features = 'tall'");
        String message = failsToTrain(config(), "missing feature property 'features' on 3 of 40 nodes",
                "non-numeric feature property 'features' on 1 of 40 nodes", "string 'tall'", "elementId");
        assertTrue(message.contains(":Person"), message);
    }

    @Test
    void arraysOfInconsistentLength() {
        db.run("MATCH (p:Person {name: 'p7'}) SET p.features = [1.0, 2.0]");
        failsToTrain(config(), "feature property 'features' of inconsistent length on 1 of 40 nodes", "length 2",
                "but 4 on node");
    }

    @Test
    void targetMissingOnTrainingNodes() {
        db.run("MATCH (p:Person) SET p.part = 'train'");
        db.run("MATCH (p:Person) WHERE p.name IN ['p5', 'p6'] REMOVE p.community");
        Map<String, Object> c = config();
        c.put("splitProperty", "part");
        failsToTrain(c, "targetProperty 'community' is missing on 2 nodes that splitProperty 'part' puts in train");
        c.remove("splitProperty");
        c.put("targetProperty", "nothing");
        failsToTrain(c, "targetProperty 'nothing' is missing on all 40 nodes");
    }

    @Test
    void emptySelection() {
        Map<String, Object> c = config();
        c.put("nodeLabels", List.of("Nobody"));
        failsToTrain(c, "the selection is empty", "Nobody");
    }

    @Test
    void modelWhoseInputWidthDoesNotMatch() {
        db.run("CALL erlangen.model.train('m', $c)", Map.of("c", config()));
        db.run("CREATE (:Other {features: [1.0, 2.0, 3.0]})");
        fails("CALL erlangen.predict.write('m', {nodeLabels: ['Other'], writeProperty: 'x'})", Map.of(),
                "model 'm' takes 4 input features (features: 4) but the selected nodes have 3 (features: 3)");
    }

    @Test
    void malformedConfig() {
        Map<String, Object> c = config();
        c.put("epoch", 10);
        failsToTrain(c, "unknown config key 'epoch' (did you mean 'epochs'?)");
        c.remove("epoch");
        c.put("epochs", "ten");
        failsToTrain(c, "config key 'epochs' must be an integer from 1 to 1000000, got 'ten' (string)");
        c.put("epochs", 3);
        c.put("task", "nodeClustering");
        failsToTrain(c, "config key 'task' must be one of nodeClassification, nodeRegression");
        c.put("task", "nodeClassification");
        c.put("validationFraction", 0.6);
        c.put("testFraction", 0.5);
        failsToTrain(c, "validationFraction + testFraction must be below 1");
        c.remove("validationFraction");
        c.remove("testFraction");
        c.put("orientation", "sideways");
        failsToTrain(c, "'orientation' must be one of NATURAL, REVERSE, UNDIRECTED");
        db.run("CALL erlangen.model.train('m', $c)", Map.of("c", config()));
        fails("CALL erlangen.predict.write('m', {})", Map.of(), "config key 'writeProperty' is required");
        fails("CALL erlangen.predict.stream('m', {writeProperty: 'x'})", Map.of(),
                "unknown config key 'writeProperty'");
    }

    @Test
    void modelNamesWithPathCharacters() {
        for (String name : List.of("../evil", "a/b", "..", ".hidden", "a\\b", "", "x".repeat(101))) {
            fails("CALL erlangen.model.train($name, $c)", Map.of("name", name, "c", config()), "is not allowed");
            fails("CALL erlangen.model.load($name)", Map.of("name", name), "is not allowed");
        }
        assertEquals(0, db.run("CALL erlangen.model.list()").size());
    }

    @Test
    void existingModelName() {
        db.run("CALL erlangen.model.train('m', $c)", Map.of("c", config()));
        failsToTrain(config(), "a model named 'm' already exists");
    }

    @Test
    void corruptedModelFile() throws Exception {
        db.run("CALL erlangen.model.train('m', $c)", Map.of("c", config()));
        db.run("CALL erlangen.model.store('m')");
        Path file;
        try (var files = Files.walk(db.models())) {
            file = files.filter(p -> p.getFileName().toString().equals("m.safetensors")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 100)); // cut short
        fails("CALL erlangen.model.load('m')", Map.of(), "stored model 'm' cannot be loaded",
                "m.safetensors is damaged");
        bytes[20] = '#'; // break the JSON header
        Files.write(file, bytes);
        fails("CALL erlangen.model.load('m')", Map.of(), "stored model 'm' cannot be loaded");
        // the model in memory is untouched and still predicts
        assertEquals(40, db.run("CALL erlangen.predict.stream('m', {})").size());
    }

    @Test
    void graphTaskErrors() {
        db.run("MATCH (p:Person) SET p.group = toInteger(substring(p.name, 1)) % 2");
        Map<String, Object> c = config();
        c.put("task", "graphClassification");
        c.put("graphIdProperty", "group");
        failsToTrain(c, "relationships join nodes of different graphs (by 'group')");
        db.run("MATCH ()-[r:KNOWS]->() DELETE r");
        failsToTrain(c, "the nodes of graph 0 disagree on 'community'");
        db.run("MATCH (p:Person {name: 'p2'}) REMOVE p.group");
        failsToTrain(c, "graphIdProperty 'group' is missing on 1 of 40 nodes");
    }
}
