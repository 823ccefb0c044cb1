package org.erlangen.gnn.molecules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Shared data lookup and small files for the molecule tests. */
final class Data {
    private Data() {
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
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }
}
