package org.erlangen.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.neo4j.driver.Record;
import org.neo4j.driver.exceptions.ClientException;

/** erlangen.embed.*: each node's last hidden layer, streamed or written as a float[], over Bolt. */
class EmbedProceduresTest {
    @RegisterExtension
    static final TestDatabase db = TestDatabase.create();

    private static Map<String, Object> config(String task) {
        Map<String, Object> c = new HashMap<>();
        c.put("task", task);
        c.put("nodeLabels", List.of("Person"));
        c.put("relationshipTypes", List.of("KNOWS"));
        c.put("orientation", "UNDIRECTED");
        c.put("featureProperties", List.of("features"));
        c.put("targetProperty", "community");
        c.put("epochs", 60);
        c.put("hidden", 16);
        c.put("seed", 1);
        return c;
    }

    /** The share of nodes whose embedding is nearer their own community's mean embedding than the other's. */
    private static double nearestMean(List<Record> rows) {
        Map<String, String> community = new HashMap<>();
        for (Record r : db.run("MATCH (p:Person) RETURN elementId(p) AS id, p.community AS c")) {
            community.put(r.get("id").asString(), r.get("c").asString());
        }
        Map<String, double[]> sums = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (Record r : rows) {
            String c = community.get(r.get("nodeId").asString());
            List<Object> e = r.get("embedding").asList();
            double[] sum = sums.computeIfAbsent(c, k -> new double[e.size()]);
            for (int k = 0; k < e.size(); k++) {
                sum[k] += ((Number) e.get(k)).doubleValue();
            }
            counts.merge(c, 1, Integer::sum);
        }
        int right = 0;
        for (Record r : rows) {
            List<Object> e = r.get("embedding").asList();
            String best = null;
            double bestDistance = Double.MAX_VALUE;
            for (String c : sums.keySet()) {
                double d = 0;
                for (int k = 0; k < e.size(); k++) {
                    double diff = ((Number) e.get(k)).doubleValue() - sums.get(c)[k] / counts.get(c);
                    d += diff * diff;
                }
                if (d < bestDistance) {
                    bestDistance = d;
                    best = c;
                }
            }
            right += best.equals(community.get(r.get("nodeId").asString())) ? 1 : 0;
        }
        return (double) right / rows.size();
    }

    @Test
    void embeddingsAreTheLastHiddenLayerStreamedAndWritten() {
        TestGraphs.create(db, TestGraphs.communities(80, 1), "Person", "KNOWS", 0);
        db.single("CALL erlangen.model.train('people', $c)", Map.of("c", config("nodeClassification")));
        List<Record> rows = db.run("CALL erlangen.embed.stream('people') YIELD nodeId, embedding "
                + "RETURN nodeId, embedding");
        assertEquals(80, rows.size());
        for (Record r : rows) {
            List<Object> e = r.get("embedding").asList();
            assertEquals(16, e.size(), "the hidden width");
            for (Object v : e) {
                assertTrue(((Number) v).doubleValue() >= 0, "after the hidden layer's ReLU");
            }
        }
        double separated = nearestMean(rows);
        assertTrue(separated >= 0.9, "the communities' embeddings apart: " + separated);

        Record written = db.single("CALL erlangen.embed.write('people', {writeProperty: 'embedding'})", Map.of());
        assertEquals(80, written.get("nodePropertiesWritten").asLong());
        Record check = db.single("MATCH (p:Person) RETURN count(p.embedding) AS n, "
                + "min(size(p.embedding)) AS width, valueType(head(collect(p.embedding))) AS type", Map.of());
        assertEquals(80, check.get("n").asLong());
        assertEquals(16, check.get("width").asLong());
        assertTrue(check.get("type").asString().startsWith("LIST<FLOAT"), check.get("type").asString());

        ClientException again = assertThrows(ClientException.class, () -> db.single(
                "CALL erlangen.embed.write('people', {writeProperty: 'embedding'})", Map.of()));
        assertTrue(again.getMessage().contains("overwrite"), again.getMessage());
        ClientException feature = assertThrows(ClientException.class, () -> db.single(
                "CALL erlangen.embed.write('people', {writeProperty: 'features', overwrite: true})", Map.of()));
        assertTrue(feature.getMessage().contains("features"), feature.getMessage());
        for (String call : List.of("erlangen.embed.stream.estimate('people')",
                "erlangen.embed.write.estimate('people', {writeProperty: 'e2'})")) {
            Record estimate = db.single("CALL " + call, Map.of());
            assertTrue(estimate.get("bytesMax").asLong() > 0, call + " " + estimate.asMap());
            assertEquals(80, estimate.get("nodeCount").asLong(), call);
        }
    }

    @Test
    void aSampledModelEmbedsLayerByLayerAndGraphModelsAreRefused() {
        TestGraphs.create(db, TestGraphs.communities(60, 2), "Person", "KNOWS", 0);
        Map<String, Object> c = config("nodeClassification");
        c.put("model", "sage");
        c.put("fanouts", List.of(5, 5));
        c.put("batchSize", 16);
        db.single("CALL erlangen.model.train('sampled', $c)", Map.of("c", c));
        List<Record> rows = db.run("CALL erlangen.embed.stream('sampled') YIELD nodeId, embedding "
                + "RETURN nodeId, embedding");
        assertEquals(60, rows.size());
        assertEquals(16, rows.get(0).get("embedding").asList().size());

        TestGraphs.create(db, TestGraphs.rings(20, 4), "Atom", "BOND", 0);
        Map<String, Object> g = new HashMap<>();
        g.put("task", "graphClassification");
        g.put("nodeLabels", List.of("Atom"));
        g.put("relationshipTypes", List.of("BOND"));
        g.put("featureProperties", List.of("features"));
        g.put("targetProperty", "big");
        g.put("graphIdProperty", "graph");
        g.put("epochs", 2);
        db.single("CALL erlangen.model.train('rings', $c)", Map.of("c", g));
        ClientException e = assertThrows(ClientException.class, () -> db.run("CALL erlangen.embed.stream('rings')"));
        assertTrue(e.getMessage().contains("embeddings come from node-level models"), e.getMessage());
    }
}
