package org.erlangen.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.erlangen.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.neo4j.driver.Record;
import org.neo4j.driver.exceptions.ClientException;

/** Task linkPrediction over Bolt: training on a relationship type, top-k links streamed and written, bad input. */
class LinkPredictionProcedureTest {
    @RegisterExtension
    static final TestDatabase db = TestDatabase.create();

    private static Map<String, Object> config() {
        Map<String, Object> c = new HashMap<>();
        c.put("task", "linkPrediction");
        c.put("nodeLabels", List.of("Person"));
        c.put("featureProperties", List.of("features"));
        c.put("targetRelationshipType", "KNOWS");
        c.put("orientation", "UNDIRECTED");
        c.put("hidden", 16);
        c.put("epochs", 60);
        c.put("seed", 3);
        return c;
    }

    private static Record train(String name, Map<String, Object> config) {
        return db.single("CALL erlangen.model.train($name, $c)", Map.of("name", name, "c", config));
    }

    /** Every relationship as [start, end, type, properties], sorted: what a refused call must leave alone. */
    private static List<Object> relationships() {
        return db.single("MATCH (a)-[r]->(b) WITH [elementId(a), elementId(b), type(r), properties(r)] AS row "
                + "ORDER BY row RETURN collect(row) AS all", Map.of()).get("all").asList();
    }

    private static String fails(String cypher, Map<String, Object> parameters, String... fragments) {
        List<Object> before = relationships();
        ClientException e = assertThrows(ClientException.class, () -> db.run(cypher, parameters));
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' not in: " + e.getMessage());
        }
        assertEquals(before, relationships(), "the relationships changed");
        return e.getMessage();
    }

    private static Map<String, String> communities() {
        Map<String, String> community = new HashMap<>();
        for (Record r : db.run("MATCH (p:Person) RETURN elementId(p) AS id, p.community AS c")) {
            community.put(r.get("id").asString(), r.get("c").asString());
        }
        return community;
    }

    private static Set<String> knows(String id) {
        Set<String> out = new HashSet<>();
        for (Record r : db.run("MATCH (a)-[:KNOWS]-(b) WHERE elementId(a) = $id RETURN elementId(b) AS b",
                Map.of("id", id))) {
            out.add(r.get("b").asString());
        }
        return out;
    }

    @Test
    void learnsWhoKnowsWhomAndStreamsTheBestNewLinks() {
        TestGraphs.create(db, TestGraphs.communities(120, 4), "Person", "KNOWS", 0);
        long pairs = db.single("MATCH (a:Person)-[:KNOWS]-(b:Person) WHERE elementId(a) < elementId(b) "
                + "RETURN count(DISTINCT [a, b]) AS n", Map.of()).get("n").asLong();
        Record row = train("links", config());
        assertEquals("linkPrediction", row.get("task").asString());
        assertEquals("rocAuc", row.get("metric").asString());
        assertEquals(pairs, row.get("trainCount").asLong() + row.get("validationCount").asLong()
                + row.get("testCount").asLong());
        // two communities with 90% of links inside: a model that finds them ranks held-out links well above chance
        assertTrue(row.get("testMetric").asDouble() > 0.75, row.asMap().toString());
        double precision = row.get("metrics").get("testAveragePrecision").asDouble();
        assertTrue(precision > 0.6 && precision <= 1, row.asMap().toString());

        List<Record> people = db.run("MATCH (p:Person) RETURN elementId(p) AS id ORDER BY p.name LIMIT 2");
        List<String> sources = people.stream().map(r -> r.get("id").asString()).toList();
        List<Record> links = db.run("CALL erlangen.predict.stream('links', {sourceNodes: $s, topK: 5})",
                Map.of("s", sources));
        assertEquals(10, links.size());
        Map<String, String> community = communities();
        int same = 0;
        Map<String, Double> last = new HashMap<>();
        for (Record link : links) {
            String source = link.get("nodeId").asString();
            String target = link.get("targetNodeId").asString();
            double p = link.get("prediction").asDouble();
            assertTrue(sources.contains(source));
            assertFalse(source.equals(target), "a node is not its own new link");
            assertFalse(knows(source).contains(target), "an existing link came back as new");
            assertTrue(p > 0 && p < 1, "probability " + p);
            assertTrue(p <= last.getOrDefault(source, 1.0), "not best first");
            last.put(source, p);
            same += community.get(source).equals(community.get(target)) ? 1 : 0;
        }
        assertTrue(same >= 8, same + " of 10 predicted links stay in their community");

        // the same node given as a node rather than an element id
        assertEquals(5, db.run("MATCH (p:Person {name: 'p0'}) CALL erlangen.predict.stream('links', "
                + "{sourceNodes: p, topK: 5}) YIELD nodeId RETURN nodeId").size());
        // embeddings of a link model are the vectors its dot products score
        Record embedding = db.run("CALL erlangen.embed.stream('links') YIELD embedding RETURN embedding LIMIT 1")
                .get(0);
        assertEquals(16, embedding.get("embedding").size());
        Record estimate = db.single("CALL erlangen.predict.stream.estimate('links', {topK: 5})", Map.of());
        assertTrue(estimate.get("bytesMax").asLong() > 0, estimate.asMap().toString());
        // the links kept per source count: a hundred per source hold more than one
        long many = db.single("CALL erlangen.predict.stream.estimate('links', {topK: 100})", Map.of())
                .get("bytesMax").asLong();
        long one = db.single("CALL erlangen.predict.stream.estimate('links', {topK: 1})", Map.of())
                .get("bytesMax").asLong();
        assertTrue(many > one + 120L * 99 * 100, many + " against " + one);
        Record trainEstimate = db.single("CALL erlangen.model.train.estimate($c)", Map.of("c", config()));
        assertTrue(trainEstimate.get("bytesMax").asLong() > 0, trainEstimate.asMap().toString());
    }

    /**
     * 40 groups of 10 people, half the pairs in a group linked, and one person in five linked to anyone: no
     * properties, so only structure tells who will know whom.
     */
    private static void groups() {
        Random random = new Random(11);
        List<Map<String, Object>> links = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            for (int j = i + 1; j < (i / 10 + 1) * 10; j++) {
                if (random.nextDouble() < 0.5) {
                    links.add(Map.of("s", i, "t", j));
                }
            }
            if (random.nextDouble() < 0.2) {
                links.add(Map.of("s", i, "t", random.nextInt(400)));
            }
        }
        db.run("UNWIND range(0, 399) AS i CREATE (:Person {name: 'p' + i})");
        db.run("UNWIND $links AS l MATCH (a:Person {name: 'p' + l.s}), (b:Person {name: 'p' + l.t}) WHERE a <> b "
                + "CREATE (a)-[:KNOWS]->(b)", Map.of("links", links));
    }

    @Test
    void aGraphWithoutNodePropertiesLearnsFromARandomProjection() throws Exception {
        groups();
        Map<String, Object> c = config();
        c.remove("featureProperties");
        c.put("randomProjection", 64);
        Record row = train("structure", c);
        // chance is 0.5; a node's projection depends on its id, so the figure moves a little between databases
        assertTrue(row.get("testMetric").asDouble() > 0.75, row.asMap().toString());

        List<String> sources = db.run("MATCH (p:Person) RETURN elementId(p) AS id ORDER BY p.name LIMIT 2").stream()
                .map(r -> r.get("id").asString()).toList();
        String stream = "CALL erlangen.predict.stream('structure', {sourceNodes: $s, topK: 3}) "
                + "YIELD nodeId, targetNodeId, prediction RETURN nodeId, targetNodeId, prediction";
        List<Record> links = db.run(stream, Map.of("s", sources));
        assertEquals(6, links.size());
        // a node's projection follows from its id and the seed: the same predictions on every call
        assertEquals(links.stream().map(Record::asMap).toList(),
                db.run(stream, Map.of("s", sources)).stream().map(Record::asMap).toList());
        Map<String, List<Double>> embedding = new HashMap<>();
        for (Record r : db.run("CALL erlangen.embed.stream('structure') YIELD nodeId, embedding "
                + "RETURN nodeId, embedding")) {
            embedding.put(r.get("nodeId").asString(), r.get("embedding").asList(v -> v.asDouble()));
        }
        assertEquals(400, embedding.size());
        // each probability is the logistic of the embeddings' dot product plus the one learned bias
        double bias = Double.NaN;
        for (Record link : links) {
            List<Double> a = embedding.get(link.get("nodeId").asString());
            List<Double> b = embedding.get(link.get("targetNodeId").asString());
            double dot = 0;
            for (int i = 0; i < a.size(); i++) {
                dot += a.get(i) * b.get(i);
            }
            double p = link.get("prediction").asDouble();
            double logitBias = Math.log(p / (1 - p)) - dot;
            if (Double.isNaN(bias)) {
                bias = logitBias;
            }
            assertEquals(bias, logitBias, 1e-3, "the bias of link " + link.asMap());
        }
        // the projection's columns are standardised, though every entry of its unit-length rows lies in [-1, 1]
        db.run("CALL erlangen.model.store('structure')");
        Path file;
        try (var files = Files.walk(db.models())) {
            file = files.filter(f -> f.getFileName().toString().equals("structure.safetensors")).findFirst()
                    .orElseThrow();
        }
        INDArray scale = ModelFile.read(file).tensors().get("scaling.scale");
        assertEquals(64, scale.length());
        for (int j = 0; j < 64; j++) {
            assertTrue(scale.getDouble(j) < 0.5, "column " + j + " scaled by " + scale.getDouble(j));
        }

        // the projection's columns count in the estimate
        long narrow = db.single("CALL erlangen.model.train.estimate($c)", Map.of("c", c)).get("bytesMax").asLong();
        Map<String, Object> wide = new HashMap<>(c);
        wide.put("randomProjection", 256);
        long widened = db.single("CALL erlangen.model.train.estimate($c)", Map.of("c", wide)).get("bytesMax")
                .asLong();
        assertTrue(widened > narrow + 400L * (256 - 64) * 4, widened + " against " + narrow);

        Map<String, Object> none = config();
        none.remove("featureProperties");
        fails("CALL erlangen.model.train('m', $c)", Map.of("c", none), "'featureProperties' is required",
                "randomProjection");
        Map<String, Object> node = TestGraphs.communityTask("Person");
        node.put("randomProjection", 8);
        fails("CALL erlangen.model.train('m', $c)", Map.of("c", node),
                "randomProjection applies to task linkPrediction only");
        c.put("randomProjection", -1);
        fails("CALL erlangen.model.train('m', $c)", Map.of("c", c), "randomProjection");
    }

    @Test
    void writesPredictedLinksAsNewRelationshipsAllOrNothing() {
        TestGraphs.create(db, TestGraphs.communities(60, 5), "Person", "KNOWS", 0);
        Map<String, Object> c = config();
        c.put("epochs", 20);
        train("links", c);
        Record written = db.single("CALL erlangen.predict.write('links', {writeRelationshipType: 'SUGGESTED', "
                + "writeProperty: 'probability', topK: 3})", Map.of());
        assertEquals(180, written.get("relationshipsWritten").asLong());
        Record stored = db.single("MATCH (a:Person)-[r:SUGGESTED]->(b:Person) RETURN count(r) AS n, "
                + "min(r.probability) AS low, max(r.probability) AS high, "
                + "count(CASE WHEN (a)-[:KNOWS]-(b) OR a = b THEN 1 END) AS known", Map.of());
        assertEquals(180, stored.get("n").asLong());
        assertEquals(0, stored.get("known").asLong());
        assertTrue(stored.get("low").asDouble() > 0 && stored.get("high").asDouble() < 1);

        fails("CALL erlangen.predict.write('links', {writeRelationshipType: 'KNOWS', writeProperty: 'p'})",
                Map.of(), "writeRelationshipType 'KNOWS' is the model's targetRelationshipType");
        fails("CALL erlangen.predict.write('links', {writeProperty: 'p'})", Map.of(),
                "'writeRelationshipType' is required");
    }

    @Test
    void bipartiteLinksPairTheKindsOfNodesTheyLinked() {
        Random random = new Random(7);
        List<Map<String, Object>> customers = new ArrayList<>();
        List<Map<String, Object>> products = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            customers.add(Map.of("name", "c" + i, "taste", List.of((double) (i % 2), random.nextGaussian())));
        }
        for (int j = 0; j < 12; j++) {
            products.add(Map.of("name", "p" + j, "kind", (double) (j % 2), "price", random.nextGaussian()));
        }
        db.run("UNWIND $c AS c CREATE (:Customer {name: c.name, features: c.taste})", Map.of("c", customers));
        db.run("UNWIND $p AS p CREATE (:Product {name: p.name, kind: p.kind, price: p.price})",
                Map.of("p", products));
        // customers buy products of their own kind
        db.run("MATCH (c:Customer), (p:Product) WHERE toInteger(substring(c.name, 1)) % 2 = "
                + "toInteger(substring(p.name, 1)) % 2 AND rand() < 0.5 CREATE (c)-[:BOUGHT]->(p)");
        Map<String, Object> c = config();
        c.put("nodeLabels", List.of("Customer", "Product"));
        // each label with its own properties: 2 numbers for customers, 2 properties for products
        c.put("featureProperties", Map.of("Customer", "features", "Product", List.of("kind", "price")));
        c.put("targetRelationshipType", "BOUGHT");
        c.put("epochs", 30);
        train("shop", c);
        List<Record> rows = db.run("CALL erlangen.predict.stream('shop', {topK: 2}) YIELD nodeId, targetNodeId "
                + "MATCH (a), (b) WHERE elementId(a) = nodeId AND elementId(b) = targetNodeId "
                + "RETURN labels(a) AS from, labels(b) AS to, exists((a)-[:BOUGHT]-(b)) AS known");
        assertEquals(60, rows.size(), "two per customer");
        for (Record r : rows) {
            assertEquals(List.of("Customer"), r.get("from").asList());
            assertEquals(List.of("Product"), r.get("to").asList());
            assertFalse(r.get("known").asBoolean());
        }
        assertEquals(24, db.run("CALL erlangen.predict.stream('shop', {topK: 2, sourceNodeLabels: 'Product', "
                + "targetNodeLabels: 'Customer'})").size());
        fails("CALL erlangen.predict.stream('shop', {sourceNodeLabels: 'Robot'})", Map.of(),
                "sourceNodeLabels names label 'Robot'", "not among the selection's nodeLabels");
    }

    @Test
    void badInputIsRefusedWithOneClearErrorAndNothingChanged() {
        TestGraphs.create(db, TestGraphs.communities(40, 6), "Person", "KNOWS", 0);
        String train = "CALL erlangen.model.train('m', $c)";
        Map<String, Object> c = config();
        c.put("relationshipTypes", List.of("LIKES"));
        fails(train, Map.of("c", c), "targetRelationshipType 'KNOWS' is not among relationshipTypes [LIKES]");
        c = config();
        c.put("targetProperty", "community");
        fails(train, Map.of("c", c), "targetProperty does not apply to linkPrediction");
        c = config();
        c.remove("targetRelationshipType");
        fails(train, Map.of("c", c), "'targetRelationshipType' is required");
        c = config();
        c.put("targetRelationshipType", "LIKES");
        fails(train, Map.of("c", c), "no relationships of targetRelationshipType 'LIKES'");
        c = config();
        c.put("fanouts", List.of(5, 5));
        fails(train, Map.of("c", c), "fanouts");

        db.run("MATCH (p:Person {name: 'p1'}) CREATE (p)-[:KNOWS]->(:Robot {features: [0.0, 0, 0, 0]})");
        fails(train, Map.of("c", config()), "1 of ", "relationships of targetRelationshipType 'KNOWS'",
                "leave it", "from node (:Person");
        db.run("MATCH (r:Robot) DETACH DELETE r");

        Map<String, Object> node = TestGraphs.communityTask("Person");
        node.put("epochs", 3);
        train("nodes", node);
        fails("CALL erlangen.predict.stream('nodes', {topK: 5})", Map.of(),
                "model 'nodes' was trained for nodeClassification, not linkPrediction", "[topK]");
        fails("CALL erlangen.predict.write('nodes', {writeProperty: 'x', writeRelationshipType: 'SUGGESTED'})",
                Map.of(), "not linkPrediction");

        Map<String, Object> small = config();
        small.put("epochs", 3);
        train("links", small);
        for (int k : new int[] {0, -2}) {
            fails("CALL erlangen.predict.stream('links', {topK: $k})", Map.of("k", k), "topK");
            fails("CALL erlangen.predict.write('links', {topK: $k, writeRelationshipType: 'S', writeProperty: 'p'})",
                    Map.of("k", k), "topK");
        }
        fails("CALL erlangen.embed.stream('links', {topK: 3})", Map.of(), "embeddings take no such keys");
    }
}
