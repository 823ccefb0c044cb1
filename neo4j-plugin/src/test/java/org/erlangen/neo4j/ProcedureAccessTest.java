package org.erlangen.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Record;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.exceptions.ClientException;

/**
 * What the procedures ask of the server: allowed by {@code dbms.security.procedures.allowlist=erlangen.*} alone (no
 * unrestricted access), and declared with the mode of what they change: the graph ({@code predict.write}) or the
 * models folder ({@code store}, {@code drop}) is WRITE, everything else READ.
 */
class ProcedureAccessTest {
    @RegisterExtension
    static final TestDatabase db = TestDatabase.create();

    private static Map<String, Object> config() {
        Map<String, Object> c = TestGraphs.communityTask("Person");
        c.put("relationshipTypes", List.of("KNOWS"));
        c.put("epochs", 3);
        return c;
    }

    @Test
    void everyProcedureWorksWithoutUnrestrictedAccess() {
        Record settings = db.single("SHOW SETTINGS YIELD name, value WHERE name IN "
                + "['dbms.security.procedures.unrestricted', 'dbms.security.procedures.allowlist'] "
                + "RETURN collect([name, value]) AS settings", Map.of());
        Map<String, String> values = new TreeMap<>();
        settings.get("settings").asList(v -> v.asList()).forEach(p -> values.put((String) p.get(0),
                (String) p.get(1)));
        assertEquals(Map.of("dbms.security.procedures.allowlist", "erlangen.*",
                "dbms.security.procedures.unrestricted", ""), values);

        TestGraphs.create(db, TestGraphs.communities(40, 1), "Person", "KNOWS", 0);
        db.single("CALL erlangen.model.train.estimate($c)", Map.of("c", config()));
        db.single("CALL erlangen.model.train('m', $c)", Map.of("c", config()));
        assertEquals(40, db.run("CALL erlangen.predict.stream('m')").size());
        db.single("CALL erlangen.model.store('m')", Map.of());
        db.single("CALL erlangen.model.load('m')", Map.of());
        assertEquals(40, db.single("CALL erlangen.predict.write('m', {writeProperty: 'predicted'})", Map.of())
                .get("nodePropertiesWritten").asLong());
        assertEquals(1, db.run("CALL erlangen.model.list()").size());
        db.single("CALL erlangen.model.drop('m')", Map.of());
    }

    @Test
    void proceduresThatChangeTheGraphOrTheModelsFolderAreWrites() {
        Map<String, String> modes = new TreeMap<>();
        for (Record r : db.run("SHOW PROCEDURES YIELD name, mode WHERE name STARTS WITH 'erlangen.' "
                + "RETURN name, mode")) {
            modes.put(r.get("name").asString(), r.get("mode").asString());
        }
        Map<String, String> expected = new TreeMap<>();
        for (String read : List.of("erlangen.model.train", "erlangen.model.train.estimate", "erlangen.model.list",
                "erlangen.model.load", "erlangen.predict.stream", "erlangen.predict.stream.estimate",
                "erlangen.predict.write.estimate", "erlangen.embed.stream", "erlangen.embed.stream.estimate",
                "erlangen.embed.write.estimate")) {
            expected.put(read, "READ");
        }
        for (String write : List.of("erlangen.model.store", "erlangen.model.drop", "erlangen.predict.write",
                "erlangen.embed.write")) {
            expected.put(write, "WRITE");
        }
        assertEquals(expected, modes);
    }

    @Test
    void aReadSessionCannotChangeTheModelsFolder() {
        TestGraphs.create(db, TestGraphs.communities(40, 2), "Person", "KNOWS", 0);
        db.single("CALL erlangen.model.train('m', $c)", Map.of("c", config()));
        try (var session = db.driver().session(SessionConfig.builder().withDefaultAccessMode(AccessMode.READ)
                .build())) {
            assertEquals(1, session.run("CALL erlangen.model.list()").list().size());
            ClientException e = assertThrows(ClientException.class,
                    () -> session.run("CALL erlangen.model.store('m')").consume());
            assertTrue(e.getMessage().contains("Writing in read access mode not allowed"), e.getMessage());
        }
        assertEquals(false, db.single("CALL erlangen.model.list()", Map.of()).get("stored").asBoolean());
    }
}
