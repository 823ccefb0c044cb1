package org.erlangen.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;

/**
 * Calls in a transaction that already changed the graph read it on one thread, with those changes seen (Neo4j gives
 * no parallel execution contexts to such a transaction), instead of failing with "Execution context cannot be used
 * for transactions with non-empty transaction state".
 */
class TransactionStateTest {
    private static final int NODES = 11_000;

    @RegisterExtension
    static final TestDatabase db = TestDatabase.create().keepingDataBetweenTests();

    @BeforeAll
    static void graphAndModel() {
        TestGraphs.create(db, TestGraphs.communities(NODES, 1), "Person", "KNOWS", 0);
        Map<String, Object> c = TestGraphs.communityTask("Person");
        c.put("relationshipTypes", List.of("KNOWS"));
        c.put("epochs", 1);
        c.put("concurrency", 1);
        db.run("CALL erlangen.model.train('m', $c)", Map.of("c", c));
    }

    @Test
    void aStatementThatChangedTheGraphStreamsWithConcurrencyFour() {
        long other = db.single("CREATE (:Marker) WITH 1 AS one CALL erlangen.predict.stream('m', {concurrency: 4}) "
                + "YIELD nodeId RETURN count(nodeId) AS n", Map.of()).get("n").asLong();
        assertEquals(NODES, other);
        // a node created by the same statement is part of the selection, read with its features
        Record withNew = db.single("CREATE (p:Person {name: 'new', features: [1.0, 0.0, 0.0, 0.0]}) WITH p "
                + "CALL erlangen.predict.stream('m', {concurrency: 4}) YIELD nodeId "
                + "RETURN count(nodeId) AS n, sum(CASE WHEN nodeId = elementId(p) THEN 1 ELSE 0 END) AS seen",
                Map.of());
        assertEquals(NODES + 1, withNew.get("n").asLong());
        assertEquals(1, withNew.get("seen").asLong());
        db.run("MATCH (n) WHERE n:Marker OR n.name = 'new' DETACH DELETE n");
    }

    @Test
    void twoWritesInOneExplicitTransaction() {
        try (Session session = db.driver().session(); var tx = session.beginTransaction()) {
            for (String property : List.of("first", "second")) {
                assertEquals(NODES, tx.run("CALL erlangen.predict.write('m', {writeProperty: $p, concurrency: 4})",
                        Map.of("p", property)).single().get("nodePropertiesWritten").asLong());
            }
            tx.commit();
        }
        assertEquals(2L * NODES, db.single("MATCH (p:Person) RETURN count(p.first) + count(p.second) AS c",
                Map.of()).get("c").asLong());
        assertEquals(NODES, db.single("MATCH (p:Person) WHERE p.first = p.second RETURN count(p) AS c", Map.of())
                .get("c").asLong());
        db.run("MATCH (p:Person) REMOVE p.first, p.second");
    }
}
