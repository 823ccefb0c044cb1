package org.erlangen.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a knowledge graph as the link-prediction benchmarks ship it (FB15k-237, WN18RR and their kin): a folder with
 * {@code train}, {@code valid} and {@code test} files ({@code .txt} or {@code .txt.gz}), one triple per line,
 * {@code head<TAB>relation<TAB>tail}, LF or CRLF. Entities and relations are numbered in order of first appearance
 * over train, valid and test, so every entity of the evaluation splits has an index (the standard protocol).
 */
public final class TriplesReader {
    /** The files that make the layout, for messages. */
    public static final String LAYOUT = "train, valid and test as .txt or .txt.gz, lines head<TAB>relation<TAB>tail";

    private static final String[] SPLITS = {"train", "valid", "test"};

    /**
     * A knowledge graph and its splits; each triple is {@code {head, relation, tail}}.
     *
     * @param entities the name of each entity index
     * @param relations the name of each relation index
     */
    public record KnowledgeGraph(List<String> entities, List<String> relations, int[][] train, int[][] valid,
            int[][] test) {
        public int entityCount() {
            return entities.size();
        }

        public int relationCount() {
            return relations.size();
        }
    }

    private TriplesReader() {
    }

    /** Whether the folder holds the three split files. */
    public static boolean isLayout(Path folder) {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        for (String split : SPLITS) {
            if (file(folder, split) == null) {
                return false;
            }
        }
        return true;
    }

    private static Path file(Path folder, String split) {
        for (String ext : new String[] {".txt", ".txt.gz"}) {
            Path p = folder.resolve(split + ext);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** @throws DatasetFormatException naming the file and line of a line without three tab-separated fields */
    public static KnowledgeGraph read(Path folder) throws IOException {
        Map<String, Integer> entityIndex = new HashMap<>();
        List<String> entities = new ArrayList<>();
        Map<String, Integer> relationIndex = new HashMap<>();
        List<String> relations = new ArrayList<>();
        int[][][] splits = new int[3][][];
        for (String split : SPLITS) {
            if (file(folder, split) == null) {
                throw new DatasetFormatException(folder.toString(), "no " + split + ".txt or " + split
                        + ".txt.gz; a triples folder holds " + LAYOUT);
            }
        }
        for (int s = 0; s < 3; s++) {
            Path file = file(folder, SPLITS[s]);
            List<int[]> triples = new ArrayList<>();
            try (TextLines lines = TextLines.openText(file, "")) {
                for (String line = lines.next(); line != null; line = lines.next()) {
                    String[] f = line.split("\t", -1);
                    if (f.length != 3 || f[0].isBlank() || f[1].isBlank() || f[2].isBlank()) {
                        throw lines.error("expected head<TAB>relation<TAB>tail, found " + TextLines.quote(line));
                    }
                    int h = entityIndex.computeIfAbsent(f[0].strip(), k -> add(entities, k));
                    int r = relationIndex.computeIfAbsent(f[1].strip(), k -> add(relations, k));
                    int t = entityIndex.computeIfAbsent(f[2].strip(), k -> add(entities, k));
                    triples.add(new int[] {h, r, t});
                }
            }
            if (triples.isEmpty()) {
                throw new DatasetFormatException(file.toString(), "holds no triples");
            }
            splits[s] = triples.toArray(int[][]::new);
        }
        return new KnowledgeGraph(List.copyOf(entities), List.copyOf(relations), splits[0], splits[1], splits[2]);
    }

    private static int add(List<String> list, String item) {
        list.add(item);
        return list.size() - 1;
    }
}
