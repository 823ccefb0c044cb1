package org.erlangen.neo4j.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.erlangen.io.ModelFile;

/**
 * The models folder as the server starts, before any call can write there: the temporary files that a crash left
 * behind (a store that never reached its rename, a drop that never reached its delete) are deleted, and a user's
 * folder still under the name earlier versions gave it ({@code Alice}, which a file system that ignores case shares
 * with {@code alice}) is renamed to today's ({@code +alice}). Procedures then only read the folder unless they store
 * or drop.
 */
public final class ModelsFolder {
    private ModelsFolder() {
    }

    /** What {@link #prepare} did. */
    public record Prepared(int temporariesRemoved, int foldersRenamed) {
    }

    public static Prepared prepare(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return new Prepared(0, 0);
        }
        List<Path> folders;
        try (Stream<Path> entries = Files.list(root)) {
            folders = entries.filter(Files::isDirectory).toList();
        }
        int removed = 0;
        int renamed = 0;
        for (Path folder : folders) {
            String user = ModelNames.legacyUser(folder.getFileName().toString());
            Path current = folder;
            if (user != null) {
                Path target = root.resolve(ModelNames.folderOf(user));
                if (!Files.exists(target)) {
                    current = Files.move(folder, target, StandardCopyOption.ATOMIC_MOVE);
                    renamed++;
                }
            }
            removed += ModelFile.removeTemporaries(current);
        }
        return new Prepared(removed, renamed);
    }
}
