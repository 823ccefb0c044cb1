package org.erlangen.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.erlangen.neo4j.catalog.ModelCatalog;
import org.erlangen.neo4j.catalog.ModelsFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.exceptions.ClientException;

/**
 * A server with authentication on and several users, over Bolt as each: every user sees only their own catalog, in
 * memory and on disk; users whose names differ only in case ({@code alice}, {@code Alice}) get distinct folders;
 * model files are readable by the server's user alone; a folder of the earlier naming moves to the current one.
 */
class UsersApartTest {
    private static final String PASSWORD = "a-long-enough-password";

    @RegisterExtension
    static final TestDatabase db = TestDatabase.create().withAuthentication();

    /** One driver per user, logged in as that user. */
    private static final Map<String, Driver> DRIVERS = new HashMap<>();

    @BeforeAll
    static void users() {
        for (String user : List.of("alice", "Alice", "bob")) {
            db.createUser(user, PASSWORD);
            DRIVERS.put(user, db.driverAs(user, PASSWORD));
        }
    }

    @AfterAll
    static void closeDrivers() {
        DRIVERS.values().forEach(Driver::close);
    }

    private static List<Record> as(String user, String cypher, Map<String, Object> parameters) {
        try (var session = DRIVERS.get(user).session()) {
            return session.run(cypher, parameters).list();
        }
    }

    private static List<Record> as(String user, String cypher) {
        return as(user, cypher, Map.of());
    }

    private static void train(String user, String name) {
        Map<String, Object> c = TestGraphs.communityTask("Person");
        c.put("relationshipTypes", List.of("KNOWS"));
        c.put("epochs", 3);
        c.put("hidden", 8);
        as(user, "CALL erlangen.model.train($name, $config)", Map.of("name", name, "config", c));
    }

    private static List<String> names(String user) {
        return as(user, "CALL erlangen.model.list() YIELD modelName RETURN modelName").stream()
                .map(r -> r.get("modelName").asString()).toList();
    }

    private static void refused(String user, String cypher, String fragment) {
        ClientException e = assertThrows(ClientException.class, () -> as(user, cypher));
        assertTrue(e.getMessage().contains(fragment), "message should contain '" + fragment + "': "
                + e.getMessage());
    }

    private static List<Path> modelFiles() throws IOException {
        try (Stream<Path> files = Files.walk(db.models())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
        }
    }

    @Test
    void eachUserSeesOnlyTheirOwnModels() throws IOException {
        TestGraphs.create(db, TestGraphs.communities(40, 1), "Person", "KNOWS", 0);
        train("alice", "shared-name");
        train("alice", "alices-only");
        as("alice", "CALL erlangen.model.store('shared-name')");
        as("alice", "CALL erlangen.model.store('alices-only')");

        assertEquals(List.of("alices-only", "shared-name"), names("alice"));
        assertEquals(List.of(), names("Alice"));
        assertEquals(List.of(), names("bob"));
        for (String other : List.of("Alice", "bob")) {
            refused(other, "CALL erlangen.model.drop('alices-only')", "no model named 'alices-only'");
            refused(other, "CALL erlangen.model.store('alices-only')", "no model named 'alices-only'");
            refused(other, "CALL erlangen.model.load('alices-only')", "no stored model named 'alices-only'");
            refused(other, "CALL erlangen.predict.stream('alices-only')", "no model named 'alices-only'");
            refused(other, "CALL erlangen.predict.write('alices-only', {writeProperty: 'p'})",
                    "no model named 'alices-only'");
            refused(other, "CALL erlangen.predict.stream.estimate('alices-only', {})", "no model named 'alices-only'");
        }

        // the same name for another user is another model; alice's stays as it was
        train("Alice", "shared-name");
        as("Alice", "CALL erlangen.model.store('shared-name')");
        as("Alice", "CALL erlangen.model.drop('shared-name')");
        assertEquals(List.of(), names("Alice"));
        assertEquals(List.of("alices-only", "shared-name"), names("alice"));
        assertEquals(40, as("alice", "CALL erlangen.predict.stream('shared-name')").size());
        assertEquals(2, modelFiles().size());
        assertEquals(0, as("alice", "MATCH (p:Person) WHERE p.p IS NOT NULL RETURN p").size(),
                "a refused predict.write wrote nothing");
    }

    @Test
    void usersWhoseNamesDifferOnlyInCaseHaveDistinctFolders() throws IOException {
        TestGraphs.create(db, TestGraphs.communities(40, 2), "Person", "KNOWS", 0);
        train("alice", "m");
        train("Alice", "m");
        as("alice", "CALL erlangen.model.store('m')");
        as("Alice", "CALL erlangen.model.store('m')");
        List<Path> files = modelFiles();
        assertEquals(2, files.size());
        List<String> folders = files.stream().map(f -> f.getParent().getFileName().toString()).sorted().toList();
        assertEquals(List.of("+alice", "alice"), folders);
        // on a file system that ignores case these must still differ
        assertEquals(2, folders.stream().map(String::toLowerCase).distinct().count());
    }

    @Test
    void modelFilesAndFoldersAreTheServersUsersAlone() throws IOException {
        TestGraphs.create(db, TestGraphs.communities(40, 3), "Person", "KNOWS", 0);
        train("bob", "private");
        as("bob", "CALL erlangen.model.store('private')");
        Path file = modelFiles().get(0);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    file.getParent())));
        }
    }

    @Test
    void aFolderOfTheEarlierNamingMovesToTheNewName() throws IOException {
        TestGraphs.create(db, TestGraphs.communities(40, 4), "Person", "KNOWS", 0);
        train("Alice", "old");
        as("Alice", "CALL erlangen.model.store('old')");
        // as an earlier version kept it: the user's name as it is
        Files.move(db.models().resolve("+alice"), db.models().resolve("Alice"));
        // as after a restart: the catalog forgets, the extension tidies the folder as the server starts
        ModelCatalog.instance().clearMemory();
        assertEquals(new ModelsFolder.Prepared(0, 1), ModelsFolder.prepare(db.models()));
        assertEquals(List.of("old"), names("Alice"));
        assertTrue(Files.exists(db.models().resolve("+alice").resolve("old.safetensors")));
        assertFalse(Files.exists(db.models().resolve("Alice")));
        assertEquals(List.of(), names("alice"));
    }
}
