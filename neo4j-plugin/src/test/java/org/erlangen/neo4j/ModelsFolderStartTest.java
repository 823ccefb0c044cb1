package org.erlangen.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * As the server starts, before any call, the plugin tidies the models folder: temporary files a crash left behind
 * are deleted (other files are left alone), and a folder under the name earlier versions gave a user moves to the
 * current one. The folder here is filled before the server starts.
 */
class ModelsFolderStartTest {
    private static final Path FOLDER = crashedFolder();

    @RegisterExtension
    static final TestDatabase db = TestDatabase.create().with(ErlangenSettings.MODELS_FOLDER, FOLDER);

    private static Path crashedFolder() {
        try {
            Path root = Files.createTempDirectory("erlangen-crashed-models");
            Path bob = Files.createDirectories(root.resolve("bob"));
            Files.writeString(bob.resolve(".m.safetensors.5eed1234abcd.tmp"), "half a model");
            Files.writeString(bob.resolve("notes.txt"), "kept");
            Path legacy = Files.createDirectories(root.resolve("Alice"));
            Files.writeString(legacy.resolve(".old.safetensors.0123abc.tmp"), "half a model");
            Files.writeString(legacy.resolve("old.safetensors"), "kept, whatever it holds");
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> files(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theServersStartTidiedTheModelsFolder() throws IOException {
        assertEquals(List.of("erlangen.model.list"), db.run("SHOW PROCEDURES YIELD name WHERE name = "
                + "'erlangen.model.list' RETURN name").stream().map(r -> r.get("name").asString()).toList());
        assertEquals(List.of("+alice", "bob"), files(FOLDER));
        assertEquals(List.of("notes.txt"), files(FOLDER.resolve("bob")));
        assertEquals(List.of("old.safetensors"), files(FOLDER.resolve("+alice")));
        assertFalse(Files.exists(FOLDER.resolve("Alice")));
        assertTrue(db.run("CALL erlangen.model.list()").isEmpty(), "the anonymous user has no models");
    }
}
