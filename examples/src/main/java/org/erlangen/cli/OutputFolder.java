package org.erlangen.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * An output folder written all at once: a command writes into a temporary folder beside the target, and
 * {@link #commit()} moves what it wrote into place once the run has succeeded. A run that fails (or is never
 * committed) leaves no trace when the folder is closed: no empty folder, no half-written files, and an existing target
 * exactly as it was. Committing into an existing folder replaces the files of the same names and keeps the others.
 *
 * <pre>{@code
 * try (OutputFolder out = OutputFolder.create(target)) {
 *     write(out.path().resolve("model.safetensors"));
 *     out.commit();
 * }
 * }</pre>
 */
public final class OutputFolder implements AutoCloseable {
    private final Path target;
    private final Path temporary;
    /** Removes the temporary folder when the JVM is stopped mid-run (Ctrl-C), where no finally block runs. */
    private final Thread onExit;
    private volatile boolean committed;

    private OutputFolder(Path target, Path temporary) {
        this.target = target;
        this.temporary = temporary;
        this.onExit = new Thread(() -> {
            if (!committed) {
                try {
                    deleteTree(temporary);
                } catch (IOException | RuntimeException e) {
                    // the JVM is going down; a leftover .partial folder is all that remains
                }
            }
        });
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    /**
     * A temporary folder in the target's parent, or in its nearest existing ancestor when the parent does not exist
     * yet (so that nothing is created before the run succeeds). Refuses a target that is a file.
     */
    public static OutputFolder create(Path target) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new UserError("the output folder " + target + " is a file");
        }
        Path home = absolute.getParent();
        while (home != null && !Files.isDirectory(home)) {
            home = home.getParent();
        }
        if (home == null) {
            throw new UserError("cannot write the output folder " + target + ": none of its parent folders exists");
        }
        String name = absolute.getFileName() == null ? "output" : absolute.getFileName().toString();
        return new OutputFolder(target, Files.createTempDirectory(home, "." + name + ".partial-"));
    }

    /** Where the command writes now. */
    public Path path() {
        return temporary;
    }

    /** Where the files go on {@link #commit()}. */
    public Path target() {
        return target;
    }

    /** Moves everything written into the target folder, creating it (and its parents) if needed. */
    public Path commit() throws IOException {
        if (committed) {
            throw new IllegalStateException("already committed to " + target);
        }
        if (!Files.exists(target)) {
            if (target.toAbsolutePath().getParent() != null) {
                Files.createDirectories(target.toAbsolutePath().getParent());
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
                committed = true;
                return target;
            } catch (AtomicMoveNotSupportedException | DirectoryNotEmptyException e) {
                Files.createDirectories(target); // another file system: move file by file below
            }
        }
        mergeInto(temporary, target);
        committed = true;
        deleteTree(temporary);
        return target;
    }

    private static void mergeInto(Path from, Path to) throws IOException {
        List<Path> entries;
        try (Stream<Path> list = Files.list(from)) {
            entries = list.toList();
        }
        for (Path entry : entries) {
            Path destination = to.resolve(entry.getFileName().toString());
            if (Files.isDirectory(entry)) {
                if (Files.exists(destination) && !Files.isDirectory(destination)) {
                    Files.delete(destination);
                }
                Files.createDirectories(destination);
                mergeInto(entry, destination);
            } else {
                if (Files.isDirectory(destination)) {
                    deleteTree(destination);
                }
                Files.move(entry, destination, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Deletes the temporary folder unless it was committed. */
    @Override
    public void close() throws IOException {
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException e) {
            // already shutting down: the hook does the cleaning
        }
        if (!committed) {
            deleteTree(temporary);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
