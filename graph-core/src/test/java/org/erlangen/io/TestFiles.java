package org.erlangen.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.function.Executable;

/** Shared data lookup and small-file helpers for the reader tests. */
final class TestFiles {
    private TestFiles() {
    }

    /** A folder of the shared data sets (../shared/data from the repository root); skips the test if absent. */
    static Path shared(String relative) {
        Path p = Path.of("..", "..", "shared", "data").resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), "shared data " + p + " not present");
        return p;
    }

    /** Writes lines, each ending in a newline. */
    static Path write(Path dir, String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, lines.length == 0 ? "" : String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    /** Asserts a format error whose message holds every fragment (e.g. "file:line:" and what was expected). */
    static DatasetFormatException assertFormatError(Executable read, String... fragments) {
        DatasetFormatException e = assertThrows(DatasetFormatException.class, read);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message should contain '" + f + "': " + e.getMessage());
        }
        return e;
    }
}
