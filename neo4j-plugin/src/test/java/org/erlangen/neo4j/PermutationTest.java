package org.erlangen.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.neo4j.driver.Record;

/**
 * The same graph created twice, in two random orders of nodes and relationships, gets the same predictions per node
 * and per graph: results do not depend on how Neo4j happened to store it.
 */
class PermutationTest {
    @RegisterExtension
    static final TestDatabase db = TestDatabase.create();

    private static Map<String, List<Double>> byName(String model, String label, String key) {
        Map<String, List<Double>> out = new HashMap<>();
        String match = key.equals("nodeId") ? "MATCH (n) WHERE elementId(n) = nodeId RETURN n.name AS name, "
                : "RETURN toString(graphId) AS name, ";
        for (Record r : db.run("CALL erlangen.predict.stream($m, {nodeLabels: [$label]}) "
                + "YIELD nodeId, graphId, probabilities " + match + "probabilities",
                Map.of("m", model, "label", label))) {
            out.put(r.get("name").asString(), r.get("probabilities").asList(v -> v.asDouble()));
        }
        return out;
    }

    private static void assertSame(Map<String, List<Double>> a, Map<String, List<Double>> b) {
        assertEquals(a.keySet(), b.keySet());
        for (String name : a.keySet()) {
            for (int c = 0; c < a.get(name).size(); c++) {
                assertEquals(a.get(name).get(c), b.get(name).get(c), 1e-5, name);
            }
        }
    }

    @Test
    void nodePredictionsDoNotDependOnStorageOrder() {
        for (String model : List.of("gcn", "gat", "gin", "transformer")) {
            db.clear();
            var spec = TestGraphs.communities(60, 1);
            TestGraphs.create(db, spec, "First", "KNOWS", 11);
            TestGraphs.create(db, spec, "Second", "KNOWS", 12);
            Map<String, Object> c = new HashMap<>();
            c.put("task", "nodeClassification");
            c.put("model", model);
            c.put("nodeLabels", List.of("First"));
            c.put("relationshipTypes", List.of("KNOWS"));
            c.put("featureProperties", List.of("features"));
            c.put("targetProperty", "community");
            c.put("epochs", 10);
            c.put("hidden", 8);
            db.run("CALL erlangen.model.train('m', $c)", Map.of("c", c));
            Map<String, List<Double>> first = byName("m", "First", "nodeId");
            Map<String, List<Double>> second = byName("m", "Second", "nodeId");
            assertEquals(60, first.size());
            assertSame(first, second);
        }
    }

    @Test
    void graphPredictionsDoNotDependOnStorageOrder() {
        var spec = TestGraphs.rings(20, 2);
        TestGraphs.create(db, spec, "First", "BOND", 21);
        TestGraphs.create(db, spec, "Second", "BOND", 22);
        Map<String, Object> c = new HashMap<>();
        c.put("task", "graphClassification");
        c.put("nodeLabels", List.of("First"));
        c.put("relationshipTypes", List.of("BOND"));
        c.put("featureProperties", List.of("features"));
        c.put("targetProperty", "big");
        c.put("graphIdProperty", "graph");
        c.put("epochs", 10);
        db.run("CALL erlangen.model.train('g', $c)", Map.of("c", c));
        Map<String, List<Double>> first = byName("g", "First", "graphId");
        Map<String, List<Double>> second = byName("g", "Second", "graphId");
        assertEquals(20, first.size());
        assertTrue(first.containsKey("0"));
        assertSame(first, second);
    }
}
