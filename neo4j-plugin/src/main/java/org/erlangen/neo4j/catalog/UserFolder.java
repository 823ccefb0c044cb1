package org.erlangen.neo4j.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.erlangen.io.ModelFile;

/**
 * One user's folder of stored models, {@code <models folder>/<user as ModelNames.folderOf gives it>}, holding
 * {@code <name>.safetensors} files. {@link #open} prepares it once per process, before the catalog writes there: a
 * folder under the name earlier versions gave the user is renamed to the current one, and temporary files that a
 * crash left behind (a write that never reached its rename) are deleted.
 */
final class UserFolder {
    static final String SUFFIX = ".safetensors";

    private final Path root;
    private final Path path;

    private UserFolder(Path root, Path path) {
        this.root = root;
        this.path = path;
    }

    /** Where a user's models live; nothing on disk is touched. */
    static UserFolder of(Path root, String user) {
        return new UserFolder(root, root.resolve(ModelNames.folderOf(user)).normalize());
    }

    Path path() {
        return path;
    }

    /** The file of a model, which cannot lie outside this folder. */
    Path file(String name) {
        Path file = path.resolve(ModelNames.check(name) + SUFFIX).normalize();
        if (!path.equals(file.getParent())) {
            throw new IllegalArgumentException("model name '" + name + "' leaves the model folder");
        }
        return file;
    }

    /** Creates the folder (and the models folder), readable by the server's user only. */
    void create() throws IOException {
        ModelFile.createFolder(root, ModelFile.Access.OWNER_ONLY);
        ModelFile.createFolder(path, ModelFile.Access.OWNER_ONLY);
    }

    /** The names of the stored models, in no particular order. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(path)) {
            return names;
        }
        try (Stream<Path> files = Files.list(path)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String f = p.getFileName().toString();
                String name = f.endsWith(SUFFIX) ? f.substring(0, f.length() - SUFFIX.length()) : null;
                if (name != null && allowed(name) && Files.isRegularFile(p)) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return names;
    }

    /** How many model files, and how many bytes, the folder holds besides {@code except}'s. */
    record Usage(int count, long bytes) {
    }

    Usage usageExcept(String except) throws IOException {
        int count = 0;
        long bytes = 0;
        for (String name : names()) {
            if (!name.equals(except)) {
                count++;
                bytes += Files.size(file(name));
            }
        }
        return new Usage(count, bytes);
    }

    private static boolean allowed(String name) {
        try {
            ModelNames.check(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
