package org.erlangen.examples.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;

/** The demo's database: embedded, reachable over Bolt, with the procedures registered and the bundled MUTAG. */
class EmbeddedNeo4jTest {
    @Test
    void trainsAndWritesOnTheBundledMutag() throws Exception {
        DemoGraphs.Rows mutag = DemoGraphs.mutag();
        assertEquals(3371, mutag.nodes().size());
        assertEquals(3721, mutag.relationships().size());
        try (EmbeddedNeo4j neo4j = EmbeddedNeo4j.start(); Session session = neo4j.driver().session()) {
            assertTrue(neo4j.port() > 0);
            session.run("UNWIND $rows AS row CREATE (n:Atom) SET n = row", Map.of("rows", mutag.nodes())).consume();
            session.run("CREATE INDEX FOR (n:Atom) ON (n.id)").consume();
            session.run("CALL db.awaitIndexes()").consume();
            session.run("UNWIND $rows AS row MATCH (a:Atom {id: row.from}), (b:Atom {id: row.to}) "
                    + "CREATE (a)-[:BOND]->(b)", Map.of("rows", mutag.relationships())).consume();
            Record trained = session.run(InDatabaseDemo.TRAIN_MUTAG.replace("epochs: 100", "epochs: 2"),
                    Map.of("seed", 0)).single();
            assertEquals(188, trained.get("graphCount").asLong());
            assertEquals(150, trained.get("trainCount").asLong());
            assertEquals(3371, session.run(InDatabaseDemo.WRITE_MUTAG).single().get("nodePropertiesWritten")
                    .asLong());
            Record accuracy = session.run(InDatabaseDemo.ACCURACY_MUTAG).single();
            assertEquals(19, accuracy.get("testMolecules").asLong());
            double a = accuracy.get("testAccuracy").asDouble();
            assertTrue(a >= 0 && a <= 1);
        }
    }
}
