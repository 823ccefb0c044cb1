package org.erlangen.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.neo4j.driver.Record;
import org.neo4j.driver.exceptions.ClientException;

/**
 * Label, relationship type and property names reach Neo4j as tokens, never as query text: hostile names select
 * exactly the nodes and relationships that carry them, counts cannot be forged, and nothing outside the selection is
 * read or written, in every procedure and mode.
 */
class InjectionTest {
    /**
     * The issue's attack: inside backticks Cypher reads the six characters {@code \u0060} as a backtick, so a label
     * pasted into {@code MATCH (n:`...`)} closed the name and appended a SET to the query.
     */
    private static final String ATTACK_LABEL = "P\\u0060) SET n.injected = \"x\" RETURN count(n) AS c //";
    /** The same through a relationship type: it forged relationshipCount = 424242. */
    private static final String ATTACK_TYPE = "KNOWS\\u0060]->() SET r.injected = \"x\" RETURN 424242 AS c //";
    /** Backticks, the escape, quotes, comments and line breaks, alone and as payloads. */
    private static final List<String> HOSTILE = List.of(ATTACK_LABEL, ATTACK_TYPE, "`", "a`b",
            "``) MATCH (m) SET m.injected = 1 //", "P`) SET n.injected = 1 //", "\\u0060", "\\\\u0060`",
            "it's", "say \"hi\"", "//", "a // b", "/* c */", "line\nbreak", "cr\r\nlf");
    private static final int PLANTED = 10;
    private static final int PLANTED_RELATIONSHIPS = 3;

    @RegisterExtension
    static final TestDatabase db = TestDatabase.create();

    /** 300 nodes labelled P (the attack's victims) and a model trained on them. */
    @BeforeEach
    void victims() {
        TestGraphs.create(db, TestGraphs.communities(300, 1), "P", "KNOWS", 0);
        db.run("CALL erlangen.model.train('m', $c)", Map.of("c", config("P", "KNOWS")));
    }

    private static Map<String, Object> config(String label, String type) {
        Map<String, Object> c = new HashMap<>();
        c.put("task", "nodeClassification");
        c.put("nodeLabels", List.of(label));
        c.put("relationshipTypes", List.of(type));
        c.put("featureProperties", List.of("features"));
        c.put("targetProperty", "community");
        c.put("epochs", 3);
        c.put("hidden", 8);
        return c;
    }

    /** Every node and relationship with its labels or type and properties, in a stable order. */
    private static String fingerprint() {
        return db.single("MATCH (n) OPTIONAL MATCH (n)-[r]->(m) WITH n, collect([type(r), properties(r), "
                + "elementId(m)]) AS out ORDER BY elementId(n) "
                + "RETURN collect([elementId(n), labels(n), properties(n), out]) AS content", Map.of())
                .asMap().toString();
    }

    private static void assertNothingInjected() {
        assertEquals(0, db.single("MATCH (n) WHERE n.injected IS NOT NULL RETURN count(n) AS c", Map.of())
                .get("c").asLong(), "a node was written by an injected query");
        assertEquals(0, db.single("MATCH ()-[r]->() WHERE r.injected IS NOT NULL RETURN count(r) AS c", Map.of())
                .get("c").asLong(), "a relationship was written by an injected query");
    }

    /** {@value #PLANTED} nodes carrying {@code name} as their label, {@value #PLANTED_RELATIONSHIPS} of type name. */
    private static void plant(String name) {
        db.run("UNWIND range(0, $n - 1) AS i CREATE (x:$($name)) SET x.features = [toFloat(i % 2), 0.5, -0.5, i], "
                + "x.community = CASE i % 2 WHEN 0 THEN 'red' ELSE 'blue' END, x.planted = i",
                Map.of("n", PLANTED, "name", name));
        db.run("MATCH (a {planted: 0}), (b {planted: 1}), (c {planted: 2}) "
                + "CREATE (a)-[:$($name)]->(b), (b)-[:$($name)]->(c), (c)-[:$($name)]->(a)", Map.of("name", name));
    }

    @Test
    void theIssuesAttackWritesNothingAndCountsTheTrueSelection() {
        plant(ATTACK_LABEL);
        Record estimate = db.single("CALL erlangen.predict.write.estimate('m', {nodeLabels: [$l], "
                + "writeProperty: 'predicted'})", Map.of("l", ATTACK_LABEL));
        assertEquals(PLANTED, estimate.get("nodeCount").asLong());
        Record written = db.single("CALL erlangen.predict.write('m', {nodeLabels: [$l], writeProperty: 'predicted'})",
                Map.of("l", ATTACK_LABEL));
        assertEquals(PLANTED, written.get("nodePropertiesWritten").asLong());
        assertNothingInjected();
        assertEquals(0, db.single("MATCH (p:P) WHERE p.predicted IS NOT NULL RETURN count(p) AS c", Map.of())
                .get("c").asLong(), "a prediction was written outside the selection");
        Record types = db.single("CALL erlangen.predict.stream.estimate('m', {relationshipTypes: [$t]})",
                Map.of("t", ATTACK_TYPE));
        assertEquals(0, types.get("relationshipCount").asLong(), "the relationship count was forged");
        assertEquals(300, types.get("nodeCount").asLong());
    }

    @Test
    void hostileNamesSelectExactlyWhatCarriesThemInEveryProcedureAndMode() {
        for (String name : HOSTILE) {
            plant(name);
            String before = fingerprint();
            Map<String, Object> selection = Map.of("nodeLabels", List.of(name), "relationshipTypes", List.of(name));
            Map<String, Object> write = new HashMap<>(selection);
            write.put("writeProperty", "predicted");
            String what = "name " + name;

            for (Record r : List.of(
                    db.single("CALL erlangen.model.train.estimate($c)", Map.of("c", config(name, name))),
                    db.single("CALL erlangen.predict.stream.estimate('m', $c)", Map.of("c", selection)),
                    db.single("CALL erlangen.predict.write.estimate('m', $c)", Map.of("c", write)))) {
                assertEquals(PLANTED, r.get("nodeCount").asLong(), what);
                assertEquals(PLANTED_RELATIONSHIPS, r.get("relationshipCount").asLong(), what);
            }
            Record trained = db.single("CALL erlangen.model.train('hostile', $c)", Map.of("c", config(name, name)));
            assertEquals(PLANTED, trained.get("nodeCount").asLong(), what);
            assertEquals(PLANTED_RELATIONSHIPS, trained.get("relationshipCount").asLong(), what);

            Set<String> planted = new TreeSet<>(db.single("MATCH (n) WHERE n.planted IS NOT NULL "
                    + "RETURN collect(elementId(n)) AS ids", Map.of()).get("ids").asList(v -> v.asString()));
            Set<String> streamed = new TreeSet<>(db.single("CALL erlangen.predict.stream('m', $c) YIELD nodeId "
                    + "RETURN collect(nodeId) AS ids", Map.of("c", selection)).get("ids").asList(v -> v.asString()));
            assertEquals(planted, streamed, what);
            assertEquals(before, fingerprint(), what + ": a read-only call changed the graph");

            assertEquals(PLANTED, db.single("CALL erlangen.predict.write('m', $c)", Map.of("c", write))
                    .get("nodePropertiesWritten").asLong(), what);
            Set<String> written = new TreeSet<>(db.single("MATCH (n) WHERE n.predicted IS NOT NULL "
                    + "RETURN collect(elementId(n)) AS ids", Map.of()).get("ids").asList(v -> v.asString()));
            assertEquals(planted, written, what);
            assertNothingInjected();

            db.run("MATCH (n) WHERE n.planted IS NOT NULL DETACH DELETE n");
            db.run("CALL erlangen.model.drop('hostile')");
        }
    }

    @Test
    void namesNoNodeCarriesAreAnEmptySelectionNotASyntaxError() {
        String before = fingerprint();
        for (String name : HOSTILE) {
            Map<String, Object> selection = Map.of("nodeLabels", List.of(name), "relationshipTypes", List.of(name));
            Map<String, Object> write = Map.of("nodeLabels", List.of(name), "relationshipTypes", List.of(name),
                    "writeProperty", "predicted");
            for (Record r : List.of(
                    db.single("CALL erlangen.model.train.estimate($c)", Map.of("c", config(name, name))),
                    db.single("CALL erlangen.predict.stream.estimate('m', $c)", Map.of("c", selection)),
                    db.single("CALL erlangen.predict.write.estimate('m', $c)", Map.of("c", write)))) {
                assertEquals(0, r.get("nodeCount").asLong(), name);
                assertEquals(0, r.get("relationshipCount").asLong(), name);
            }
            assertEquals(300, db.single("CALL erlangen.predict.stream.estimate('m', $c)",
                    Map.of("c", Map.of("relationshipTypes", List.of(name)))).get("nodeCount").asLong(), name);
            for (var call : List.of(
                    Map.entry("CALL erlangen.model.train('x', $c)", config(name, name)),
                    Map.entry("CALL erlangen.predict.stream('m', $c)", selection),
                    Map.entry("CALL erlangen.predict.write('m', $c)", write))) {
                var e = assertThrows(ClientException.class, () -> db.run(call.getKey(), Map.of("c", call.getValue())));
                assertTrue(e.getMessage().contains("the selection is empty"), name + ": " + e.getMessage());
                assertFalse(e.getMessage().toLowerCase().contains("syntax"), name + ": " + e.getMessage());
            }
        }
        assertEquals(before, fingerprint());
        assertNothingInjected();
    }

    /**
     * A graph whose label, type and property names hold every hostile character is read exactly as the same graph
     * under plain names: the same counts, the same predictions per node, and predictions written under a hostile
     * property name.
     */
    @Test
    void namesThatOnlyContainTheCharactersAreValidNames() {
        String name = String.join("", HOSTILE);
        var spec = TestGraphs.communities(80, 2);
        TestGraphs.createNamed(db, spec, name, name, name);
        TestGraphs.createNamed(db, spec, "Plain", "PLAIN", name);
        Map<String, Object> c = config(name, name);
        c.put("featureProperties", List.of(name));
        Record trained = db.single("CALL erlangen.model.train('hostile', $c)", Map.of("c", c));
        assertEquals(80, trained.get("nodeCount").asLong());
        assertEquals(db.single("MATCH ()-[r:PLAIN]->() RETURN count(r) AS c", Map.of()).get("c").asLong(),
                trained.get("relationshipCount").asLong());
        Map<String, Object> plain = Map.of("nodeLabels", List.of("Plain"), "relationshipTypes", List.of("PLAIN"));
        Map<String, List<Double>> onHostile = byName(Map.of());
        Map<String, List<Double>> onPlain = byName(plain);
        assertEquals(80, onHostile.size());
        assertEquals(onHostile.keySet(), onPlain.keySet());
        for (String node : onHostile.keySet()) {
            for (int k = 0; k < 2; k++) {
                assertEquals(onHostile.get(node).get(k), onPlain.get(node).get(k), 1e-5, node);
            }
        }

        String written = "predicted " + name;
        assertEquals(80, db.single("CALL erlangen.predict.write('hostile', {writeProperty: $p})",
                Map.of("p", written)).get("nodePropertiesWritten").asLong());
        assertEquals(80, db.single("MATCH (n:$($l)) WHERE n[$p] IN ['red', 'blue'] RETURN count(n) AS c",
                Map.of("l", name, "p", written)).get("c").asLong());
        assertNothingInjected();
    }

    /**
     * A graph task whose label, type, feature, target and graph id property names all hold the hostile characters,
     * and a node task whose split property does: counted, read, streamed and written exactly as under plain names,
     * with nothing outside the selection read or written.
     */
    @Test
    void graphTasksAndSplitsTakeHostileNamesForEveryProperty() {
        String name = String.join("", HOSTILE);
        String target = "big " + name;
        String graphId = "graph " + name;
        var rings = TestGraphs.rings(30, 3);
        List<Map<String, Object>> nodes = rings.nodes().stream().map(n -> {
            Map<String, Object> node = new HashMap<>(n);
            node.put(target, node.remove("big"));
            node.put(graphId, node.remove("graph"));
            return node;
        }).toList();
        TestGraphs.createNamed(db, new TestGraphs.Spec(nodes, rings.edges()), name, name, name);
        Map<String, Object> c = config(name, name);
        c.put("task", "graphClassification");
        c.put("featureProperties", List.of(name));
        c.put("targetProperty", target);
        c.put("graphIdProperty", graphId);
        String before = fingerprint();
        Record estimate = db.single("CALL erlangen.model.train.estimate($c)", Map.of("c", c));
        assertEquals(nodes.size(), estimate.get("nodeCount").asLong());
        assertEquals(rings.edges().size(), estimate.get("relationshipCount").asLong());
        Record trained = db.single("CALL erlangen.model.train('rings', $c)", Map.of("c", c));
        assertEquals(30, trained.get("graphCount").asLong());
        assertEquals(nodes.size(), trained.get("nodeCount").asLong());
        Record streamed = db.single("CALL erlangen.predict.stream('rings') YIELD graphId, prediction "
                + "RETURN count(DISTINCT graphId) AS graphs, collect(DISTINCT prediction) AS predictions", Map.of());
        assertEquals(30, streamed.get("graphs").asLong());
        assertTrue(Set.of(true, false).containsAll(streamed.get("predictions").asList(v -> v.asBoolean())));
        assertEquals(before, fingerprint(), "a read-only call changed the graph");
        String written = "predicted " + name;
        assertEquals(nodes.size(), db.single("CALL erlangen.predict.write('rings', {writeProperty: $p})",
                Map.of("p", written)).get("nodePropertiesWritten").asLong());
        assertEquals(nodes.size(), db.single("MATCH (n) WHERE n[$p] IS NOT NULL RETURN count(n) AS c",
                Map.of("p", written)).get("c").asLong(), "a prediction was written outside the selection");
        assertEquals(nodes.size(), db.single("MATCH (n:$($l)) WHERE n[$p] = n[$t] OR n[$p] <> n[$t] "
                + "RETURN count(n) AS c", Map.of("l", name, "p", written, "t", target)).get("c").asLong());

        // a node task split by a property with a hostile name: every P node in training, validation or test
        String split = "split " + name;
        db.run("MATCH (p:P) WITH p, elementId(p) AS id ORDER BY id WITH collect(p) AS ps "
                + "UNWIND range(0, size(ps) - 1) AS i WITH ps[i] AS p, i "
                + "SET p += $props[i % 4]", Map.of("props", List.of(Map.of(split, "train"), Map.of(split, "train"),
                        Map.of(split, "validation"), Map.of(split, "test"))));
        Map<String, Object> bySplit = config("P", "KNOWS");
        bySplit.put("splitProperty", split);
        Record splitTrained = db.single("CALL erlangen.model.train('split', $c)", Map.of("c", bySplit));
        assertEquals(db.single("MATCH (p:P) WHERE p[$s] = 'train' RETURN count(p) AS c", Map.of("s", split))
                .get("c").asLong(), splitTrained.get("trainCount").asLong());
        assertEquals(300, splitTrained.get("trainCount").asLong() + splitTrained.get("validationCount").asLong()
                + splitTrained.get("testCount").asLong());
        assertNothingInjected();
    }

    /** The probabilities of model 'hostile' per node name. */
    private static Map<String, List<Double>> byName(Map<String, Object> selection) {
        Map<String, List<Double>> out = new HashMap<>();
        for (Record r : db.run("CALL erlangen.predict.stream('hostile', $c) YIELD nodeId, probabilities "
                + "MATCH (n) WHERE elementId(n) = nodeId RETURN n.name AS name, probabilities", Map.of("c", selection))) {
            out.put(r.get("name").asString(), r.get("probabilities").asList(v -> v.asDouble()));
        }
        return out;
    }
}
