package org.erlangen.mesh.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.erlangen.io.DatasetFormatException;
import org.erlangen.io.Table;
import org.erlangen.io.TableReader;
import org.erlangen.mesh.TriangleMesh;

/**
 * Labelled meshes for classification, read from a folder of class subfolders or from a table.
 *
 * <p>A folder: every subfolder is a class (its name), holding mesh files (OFF, OBJ or PLY) directly, or in
 * {@code train/}, {@code val/} and {@code test/} subfolders that give their split (MeshCNN's layout). A table
 * (.csv or .tsv, any delimiter {@link TableReader} knows): columns {@code path} (relative to the table's folder),
 * {@code label} or {@code class}, and optionally {@code split}. Class indices follow the sorted class names, as
 * PyTorch's {@code ImageFolder} and MeshCNN number them.
 *
 * <p>Every mesh is read with {@link MeshIO#readValid}, so a damaged file, or one that is not a consistently
 * oriented manifold, is reported by name and line: under {@link OnError#FAIL} as a {@link MeshFormatException},
 * under {@link OnError#SKIP} in {@link #problems()} with the mesh left out.
 */
public final class MeshDataset {
    /** Which part of the data a mesh belongs to; {@code NONE} where the source does not say. */
    public enum Split {
        TRAIN, VALIDATION, TEST, NONE;

        /** train, val(idation) or test, in any case. */
        static Split parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "train", "training" -> TRAIN;
                case "val", "valid", "validation" -> VALIDATION;
                case "test" -> TEST;
                case "" -> NONE;
                default -> null;
            };
        }
    }

    /** What to do with a mesh file that cannot be read. */
    public enum OnError {
        /** Leave it out and report it in {@link #problems()}. */
        SKIP,
        /** Throw the file's {@link MeshFormatException}. */
        FAIL
    }

    /** One mesh of the dataset: its file (as given, relative to the root), class index and split. */
    public record Entry(Path file, TriangleMesh mesh, int label, Split split) {
    }

    /** A file left out under {@link OnError#SKIP}, with the reader's message (file and line). */
    public record Problem(Path file, String message) {
    }

    private static final String[] SPLIT_FOLDERS = {"train", "val", "test"};

    private final Path root;
    private final List<String> classes;
    private final List<Entry> entries;
    private final List<Problem> problems;

    private MeshDataset(Path root, List<String> classes, List<Entry> entries, List<Problem> problems) {
        this.root = root;
        this.classes = List.copyOf(classes);
        this.entries = List.copyOf(entries);
        this.problems = List.copyOf(problems);
    }

    /**
     * Reads a folder of class subfolders, or a table of path, label and split.
     *
     * @throws MeshFormatException under {@link OnError#FAIL}, for the first file that cannot be read
     * @throws DatasetFormatException for a table row without a path or label, an unknown split, or a folder
     *     without meshes
     */
    public static MeshDataset read(Path source, OnError onError) throws IOException {
        if (Files.isDirectory(source)) {
            return readFolder(source, onError);
        }
        if (Files.isRegularFile(source)) {
            return readTable(source, onError);
        }
        throw new DatasetFormatException(source.toString(), "no such folder or table");
    }

    private static MeshDataset readFolder(Path root, OnError onError) throws IOException {
        List<String> classes = new ArrayList<>();
        try (Stream<Path> children = Files.list(root)) {
            children.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))
                    .sorted().forEach(classes::add);
        }
        List<Path> files = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Split> splits = new ArrayList<>();
        for (String name : classes) {
            Path folder = root.resolve(name);
            for (Path file : meshFiles(folder)) {
                files.add(root.relativize(file));
                labels.add(name);
                splits.add(Split.NONE);
            }
            for (String splitName : SPLIT_FOLDERS) {
                Path sub = folder.resolve(splitName);
                if (Files.isDirectory(sub)) {
                    for (Path file : meshFiles(sub)) {
                        files.add(root.relativize(file));
                        labels.add(name);
                        splits.add(Split.parse(splitName));
                    }
                }
            }
        }
        List<String> used = new ArrayList<>(new TreeSet<>(labels));
        if (files.isEmpty()) {
            throw new DatasetFormatException(root.toString(), "no mesh files (.off, .obj, .ply) in class subfolders "
                    + "(<class>/*.obj, or <class>/train/*.obj and <class>/test/*.obj)");
        }
        return load(root, used, files, labels, splits, onError);
    }

    /** The mesh files directly in a folder, sorted by name. */
    private static List<Path> meshFiles(Path folder) throws IOException {
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(Files::isRegularFile).filter(MeshDataset::isMeshFile).sorted().toList();
        }
    }

    private static boolean isMeshFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".off") || name.endsWith(".obj") || name.endsWith(".ply");
    }

    private static MeshDataset readTable(Path file, OnError onError) throws IOException {
        Table table = TableReader.read(file);
        int pathAt = table.column("path");
        int labelAt = table.hasColumn("label") ? table.column("label") : table.hasColumn("class")
                ? table.column("class") : -1;
        if (labelAt < 0) {
            throw new DatasetFormatException(file.toString(), "no column 'label' or 'class'; the columns are "
                    + String.join(", ", table.columns()));
        }
        int splitAt = table.hasColumn("split") ? table.column("split") : -1;
        Path root = file.toAbsolutePath().getParent();
        List<Path> files = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Split> splits = new ArrayList<>();
        for (int row = 0; row < table.rowCount(); row++) {
            String path = table.value(row, pathAt);
            String label = table.value(row, labelAt);
            if (path.isEmpty()) {
                throw table.error(row, pathAt, "empty path");
            }
            if (label.isEmpty()) {
                throw table.error(row, labelAt, "empty label");
            }
            files.add(Path.of(path));
            labels.add(label);
            splits.add(splitAt < 0 ? Split.NONE : split(table, row, splitAt));
        }
        if (files.isEmpty()) {
            throw new DatasetFormatException(file.toString(), "the table lists no meshes");
        }
        return load(root, new ArrayList<>(new TreeSet<>(labels)), files, labels, splits, onError);
    }

    private static Split split(Table table, int row, int column) throws DatasetFormatException {
        Split split = Split.parse(table.value(row, column));
        if (split == null) {
            throw table.error(row, column, "unknown split '" + table.value(row, column) + "'; expected train, val or "
                    + "test");
        }
        return split;
    }

    /** Reads the meshes in parallel; problems are reported in file order. */
    private static MeshDataset load(Path root, List<String> classes, List<Path> files, List<String> labels,
            List<Split> splits, OnError onError) throws IOException {
        TriangleMesh[] meshes = new TriangleMesh[files.size()];
        IOException[] errors = new IOException[files.size()];
        IntStream.range(0, meshes.length).parallel().forEach(i -> {
            try {
                meshes[i] = MeshIO.readValid(root.resolve(files.get(i)));
            } catch (IOException e) {
                errors[i] = e;
            } catch (IllegalArgumentException e) {
                errors[i] = MeshFormatException.inFile(root.resolve(files.get(i)).toString(), e.getMessage());
            }
        });
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            index.put(classes.get(c), c);
        }
        List<Entry> entries = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < meshes.length; i++) {
            if (errors[i] != null) {
                if (onError == OnError.FAIL) {
                    throw errors[i];
                }
                problems.add(new Problem(files.get(i), errors[i].getMessage()));
            } else {
                entries.add(new Entry(files.get(i), meshes[i], index.get(labels.get(i)), splits.get(i)));
            }
        }
        return new MeshDataset(root, classes, entries, problems);
    }

    /**
     * The same meshes with the splits of a table with columns {@code path} (as in this dataset) and a split column
     * ({@code split}, or one whose name starts with "split", such as {@code split10}). Meshes the table does not list
     * are left out.
     *
     * @throws DatasetFormatException naming the line of a path this dataset lacks, a duplicate, or a bad split
     */
    public MeshDataset withSplits(Path file) throws IOException {
        Table table = TableReader.read(file);
        int pathAt = table.column("path");
        int splitAt = -1;
        for (int c = 0; c < table.columns().size() && splitAt < 0; c++) {
            splitAt = table.columns().get(c).toLowerCase(Locale.ROOT).startsWith("split") ? c : -1;
        }
        if (splitAt < 0) {
            throw new DatasetFormatException(file.toString(), "no split column (named 'split' or 'split...'); the "
                    + "columns are " + String.join(", ", table.columns()));
        }
        Map<String, Entry> byPath = new HashMap<>();
        for (Entry e : entries) {
            byPath.put(key(e.file()), e);
        }
        Map<String, Split> seen = new HashMap<>();
        List<Entry> out = new ArrayList<>();
        for (int row = 0; row < table.rowCount(); row++) {
            String path = key(Path.of(table.value(row, pathAt)));
            Entry e = byPath.get(path);
            if (e == null) {
                boolean skipped = problems.stream().anyMatch(p -> key(p.file()).equals(path));
                if (skipped) {
                    continue;
                }
                throw table.error(row, pathAt, "no mesh '" + path + "' in " + root);
            }
            Split split = split(table, row, splitAt);
            if (seen.put(path, split) != null) {
                throw table.error(row, pathAt, "'" + path + "' is listed twice");
            }
            out.add(new Entry(e.file(), e.mesh(), e.label(), split));
        }
        return new MeshDataset(root, classes, out, problems);
    }

    private static String key(Path path) {
        return path.normalize().toString().replace('\\', '/');
    }

    /** The class names; a mesh's label indexes this list. */
    public List<String> classes() {
        return classes;
    }

    /** Every mesh read, in file order (class by class). */
    public List<Entry> entries() {
        return entries;
    }

    /** The meshes of one split. */
    public List<Entry> entries(Split split) {
        return entries.stream().filter(e -> e.split() == split).toList();
    }

    /** The files left out under {@link OnError#SKIP}. */
    public List<Problem> problems() {
        return problems;
    }

    /** The folder the files are relative to. */
    public Path root() {
        return root;
    }

    public static List<TriangleMesh> meshes(List<Entry> entries) {
        return entries.stream().map(Entry::mesh).toList();
    }

    public static int[] labels(List<Entry> entries) {
        return entries.stream().mapToInt(Entry::label).toArray();
    }

    /** Meshes per split, for a summary line. */
    public Map<Split, Integer> counts() {
        Map<Split, Integer> counts = new HashMap<>();
        for (Entry e : entries) {
            counts.merge(e.split(), 1, Integer::sum);
        }
        return counts;
    }

    @Override
    public String toString() {
        return entries.size() + " meshes in " + classes.size() + " classes " + Arrays.toString(classes.toArray())
                + (problems.isEmpty() ? "" : ", " + problems.size() + " skipped");
    }
}
