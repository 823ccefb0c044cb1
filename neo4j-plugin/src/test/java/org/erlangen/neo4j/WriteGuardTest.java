package org.erlangen.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.neo4j.driver.exceptions.ClientException;

/**
 * {@code predict.write} never writes onto what the model reads or learnt from, and onto a property the nodes already
 * hold only with {@code overwrite: true}; a refused write leaves the graph as it was.
 */
class WriteGuardTest {
    @RegisterExtension
    static final TestDatabase db = TestDatabase.create();

    private static Map<String, Object> config(String task, String label, String type, String target) {
        Map<String, Object> c = new HashMap<>();
        c.put("task", task);
        c.put("nodeLabels", List.of(label));
        c.put("relationshipTypes", List.of(type));
        c.put("featureProperties", List.of("features"));
        c.put("targetProperty", target);
        c.put("epochs", 2);
        c.put("hidden", 8);
        return c;
    }

    private static String fingerprint() {
        return db.single("MATCH (n) WITH n ORDER BY elementId(n) RETURN collect([elementId(n), properties(n)]) AS c",
                Map.of()).asMap().toString();
    }

    private static String refused(String model, Map<String, Object> config, String... fragments) {
        String before = fingerprint();
        var e = assertThrows(ClientException.class, () -> db.run("CALL erlangen.predict.write($m, $c)",
                Map.of("m", model, "c", config)));
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' not in: " + e.getMessage());
        }
        assertEquals(before, fingerprint(), "a refused write changed the graph");
        return e.getMessage();
    }

    private static long written(String model, Map<String, Object> config) {
        return db.single("CALL erlangen.predict.write($m, $c)", Map.of("m", model, "c", config))
                .get("nodePropertiesWritten").asLong();
    }

    @Test
    void theModelsTargetAndFeaturesAreNeverOverwritten() {
        TestGraphs.create(db, TestGraphs.communities(40, 1), "Person", "KNOWS", 0);
        db.run("CALL erlangen.model.train('m', $c)", Map.of("c", config("nodeClassification", "Person", "KNOWS",
                "community")));
        for (boolean overwrite : new boolean[] {false, true}) {
            refused("m", Map.of("writeProperty", "community", "overwrite", overwrite),
                    "writeProperty 'community' is its target property of model 'm'");
            refused("m", Map.of("writeProperty", "features", "overwrite", overwrite),
                    "writeProperty 'features' is one of its feature properties [features] of model 'm'");
        }
    }

    @Test
    void theGraphIdPropertyIsNeverOverwritten() {
        TestGraphs.create(db, TestGraphs.rings(20, 2), "Atom", "BOND", 0);
        Map<String, Object> c = config("graphClassification", "Atom", "BOND", "big");
        c.put("graphIdProperty", "graph");
        db.run("CALL erlangen.model.train('g', $c)", Map.of("c", c));
        refused("g", Map.of("writeProperty", "graph", "overwrite", true),
                "writeProperty 'graph' is the graphIdProperty that groups the nodes into graphs of model 'g'");
        refused("g", Map.of("writeProperty", "size", "graphIdProperty", "size", "overwrite", true),
                "writeProperty 'size' is the graphIdProperty");
    }

    @Test
    void existingValuesAreReplacedOnlyWhenAskedTo() {
        TestGraphs.create(db, TestGraphs.communities(40, 3), "Person", "KNOWS", 0);
        db.run("CALL erlangen.model.train('m', $c)", Map.of("c", config("nodeClassification", "Person", "KNOWS",
                "community")));
        refused("m", Map.of("writeProperty", "name"), "writeProperty 'name' already holds values on 40 of 40 "
                + "selected nodes, e.g. node (:Person elementId", "pass overwrite: true to replace them");
        assertEquals(40, written("m", Map.of("writeProperty", "predicted")));
        // running the same prediction again replaces its own earlier output only when asked to
        refused("m", Map.of("writeProperty", "predicted"), "already holds values on 40 of 40 selected nodes");
        db.run("MATCH (p:Person {name: 'p3'}) SET p.predicted = 'stale'");
        assertEquals(40, written("m", Map.of("writeProperty", "predicted", "overwrite", true)));
        assertEquals(0, db.single("MATCH (p:Person) WHERE p.predicted = 'stale' RETURN count(p) AS c", Map.of())
                .get("c").asLong());
        assertEquals(40, written("m", Map.of("writeProperty", "name", "overwrite", true)));
        var e = assertThrows(ClientException.class, () -> db.run("CALL erlangen.predict.stream('m', "
                + "{overwrite: true})"));
        assertTrue(e.getMessage().contains("unknown config key 'overwrite'"), e.getMessage());
    }
}
