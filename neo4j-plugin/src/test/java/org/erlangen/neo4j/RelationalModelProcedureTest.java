package org.erlangen.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.neo4j.driver.Record;
import org.neo4j.driver.exceptions.ClientException;

/**
 * Relationship types as edge types ({@code model: 'rgcn'}), over Bolt: items are loved or hated by fans who look
 * alike, so only the type of the relationships tells the classes apart.
 */
class RelationalModelProcedureTest {
    @RegisterExtension
    static final TestDatabase db = TestDatabase.create();

    @BeforeEach
    void createFans() {
        Random random = new Random(5);
        List<Map<String, Object>> things = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            things.add(Map.of("name", "f" + i, "f", 1.0 + 0.01 * random.nextGaussian()));
        }
        List<Map<String, Object>> edges = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            boolean loved = i % 2 == 0;
            things.add(Map.of("name", "i" + i, "f", 1.0 + 0.01 * random.nextGaussian(), "verdict",
                    loved ? "loved" : "hated"));
            for (int k = 0; k < 3; k++) {
                edges.add(Map.of("s", "f" + random.nextInt(20), "t", "i" + i, "type", loved ? "LIKES" : "HATES"));
            }
        }
        db.run("UNWIND $t AS t CREATE (x:Thing) SET x = t", Map.of("t", things));
        db.run("CREATE INDEX IF NOT EXISTS FOR (n:Thing) ON (n.name)");
        db.run("CALL db.awaitIndexes()");
        db.run("UNWIND $e AS e MATCH (a:Thing {name: e.s}), (b:Thing {name: e.t}) CREATE (a)-[:$(e.type)]->(b)",
                Map.of("e", edges));
    }

    private static Map<String, Object> config(String model) {
        Map<String, Object> c = new HashMap<>();
        c.put("task", "nodeClassification");
        c.put("nodeLabels", List.of("Thing"));
        c.put("relationshipTypes", List.of("LIKES", "HATES"));
        c.put("featureProperties", List.of("f"));
        c.put("targetProperty", "verdict");
        c.put("model", model);
        c.put("hidden", 8);
        c.put("epochs", 50);
        c.put("dropout", 0.0);
        c.put("seed", 3);
        return c;
    }

    @Test
    void theTypeOfARelationshipCarriesMeaning() {
        Record rgcn = db.single("CALL erlangen.model.train('typed', $c)", Map.of("c", config("rgcn")));
        assertTrue(rgcn.get("trainMetric").asDouble() >= 0.95, rgcn.asMap().toString());
        assertTrue(rgcn.get("testMetric").asDouble() >= 0.9, rgcn.asMap().toString());
        // GCN sees every relationship alike: loved and hated items look the same to it
        Record gcn = db.single("CALL erlangen.model.train('untyped', $c)", Map.of("c", config("gcn")));
        assertTrue(gcn.get("trainMetric").asDouble() <= 0.7, gcn.asMap().toString());

        List<Record> predictions = db.run("CALL erlangen.predict.stream('typed') YIELD nodeId, prediction "
                + "MATCH (n) WHERE elementId(n) = nodeId AND n.verdict IS NOT NULL "
                + "RETURN n.verdict = prediction AS ok");
        assertEquals(80, predictions.size());
        assertTrue(predictions.stream().filter(r -> r.get("ok").asBoolean()).count() >= 72);

        for (String override : List.of("{relationshipTypes: ['HATES', 'LIKES']}", "{orientation: 'UNDIRECTED'}")) {
            ClientException e = assertThrows(ClientException.class, () -> db.run(
                    "CALL erlangen.predict.stream('typed', " + override + ")"));
            assertTrue(e.getMessage().contains("weights per relationship type [LIKES, HATES]"), e.getMessage());
        }
        Map<String, Object> untyped = config("rgcn");
        untyped.remove("relationshipTypes");
        ClientException e = assertThrows(ClientException.class, () -> db.run("CALL erlangen.model.train('m', $c)",
                Map.of("c", untyped)));
        assertTrue(e.getMessage().contains("name them in relationshipTypes"), e.getMessage());
        Record estimate = db.single("CALL erlangen.model.train.estimate($c)", Map.of("c", config("rgcn")));
        assertTrue(estimate.get("bytesMax").asLong() > 0);
    }

    @Test
    void linksOfOneTypeLearntOverAllTypes() {
        Map<String, Object> c = new HashMap<>();
        c.put("task", "linkPrediction");
        c.put("nodeLabels", List.of("Thing"));
        c.put("relationshipTypes", List.of("LIKES", "HATES"));
        c.put("targetRelationshipType", "LIKES");
        c.put("orientation", "UNDIRECTED");
        c.put("featureProperties", List.of("f"));
        c.put("model", "rgcn");
        c.put("hidden", 8);
        c.put("epochs", 20);
        c.put("seed", 4);
        Record row = db.single("CALL erlangen.model.train('links', $c)", Map.of("c", c));
        assertEquals("rocAuc", row.get("metric").asString());
        // liked items are never hated: a model that reads the types can rule out the hated ones
        assertTrue(row.get("testMetric").asDouble() > 0.6, row.asMap().toString());
        List<Record> links = db.run("CALL erlangen.predict.stream('links', {topK: 2})");
        assertTrue(links.size() > 0);
    }
}
