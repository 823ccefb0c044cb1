package org.erlangen.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.erlangen.graph.RelationalGraph;
import org.erlangen.primitives.IntList;

/**
 * Reads an RDF entity-classification dataset in the layout R-GCN's benchmarks (AIFB, MUTAG, BGS, AM) are shipped in,
 * and PyG's {@code Entities} and DGL read: one N-Triples file ({@code *.nt} or {@code *.nt.gz}) and the labelled
 * entities in {@code trainingSet.tsv} and {@code testSet.tsv}.
 *
 * <p>As R-GCN does, every distinct subject or object is a node (IRIs, blank nodes and literals alike, a literal
 * known by its full text with language or datatype) and every predicate a relation. In the label files the columns
 * are read by position (their headers differ between datasets): the first is the entity's IRI, the last its label,
 * any text; classes are numbered in sorted order.
 */
public final class RdfEntityReader {
    /** The files that make the layout, for messages. */
    public static final String LAYOUT = "one *.nt or *.nt.gz file, trainingSet.tsv and testSet.tsv";

    /**
     * An RDF graph with labelled entities.
     *
     * @param graph the triples as edges subject -> object, typed by predicate (no inverse relations)
     * @param nodes the term of each node, as written in the file ({@code <iri>}, {@code _:b1}, {@code "text"@en})
     * @param relations the predicate IRI of each relation
     * @param classes the label texts, sorted; a label indexes this list
     */
    public record Dataset(RelationalGraph graph, List<String> nodes, List<String> relations, List<String> classes,
            int[] trainNodes, int[] trainLabels, int[] testNodes, int[] testLabels) {
    }

    private RdfEntityReader() {
    }

    /** Whether a folder holds this layout (the reader says when it holds more than one N-Triples file). */
    public static boolean isLayout(Path folder) throws IOException {
        return Files.isDirectory(folder) && Files.isRegularFile(folder.resolve("trainingSet.tsv"))
                && Files.isRegularFile(folder.resolve("testSet.tsv")) && !triplesFiles(folder).isEmpty();
    }

    private static List<Path> triplesFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".nt") || n.endsWith(".nt.gz");
            }).sorted().toList();
        }
    }

    /** @throws DatasetFormatException naming the file and line of the first problem */
    public static Dataset read(Path folder) throws IOException {
        List<Path> triples = triplesFiles(folder);
        if (triples.size() != 1) {
            throw new DatasetFormatException(folder.toString(), "expected " + LAYOUT + "; found " + triples.size()
                    + " N-Triples files");
        }
        Map<String, Integer> nodeIndex = new HashMap<>();
        List<String> nodes = new ArrayList<>();
        Map<String, Integer> relationIndex = new HashMap<>();
        List<String> relations = new ArrayList<>();
        IntList senders = new IntList(1024);
        IntList receivers = new IntList(1024);
        IntList types = new IntList(1024);
        Path file = triples.get(0);
        try (TextLines lines = TextLines.openText(file, "#")) {
            for (String line = lines.next(); line != null; line = lines.next()) {
                String[] t = NTriples.parse(line, lines);
                senders.add(nodeIndex.computeIfAbsent(t[0], k -> add(nodes, k)));
                types.add(relationIndex.computeIfAbsent(t[1], k -> add(relations, k)));
                receivers.add(nodeIndex.computeIfAbsent(t[2], k -> add(nodes, k)));
            }
        }
        if (relations.isEmpty()) {
            throw new DatasetFormatException(file.toString(), "holds no triples");
        }
        RelationalGraph graph = RelationalGraph.of(nodes.size(), relations.size(), senders.toArray(),
                receivers.toArray(), types.toArray());
        Labels train = labels(folder.resolve("trainingSet.tsv"), nodeIndex);
        Labels test = labels(folder.resolve("testSet.tsv"), nodeIndex);
        TreeSet<String> names = new TreeSet<>(train.labels);
        names.addAll(test.labels);
        List<String> classes = new ArrayList<>(names);
        return new Dataset(graph, nodes, relations, classes, train.nodes.toArray(), train.indices(classes),
                test.nodes.toArray(), test.indices(classes));
    }

    private static int add(List<String> list, String item) {
        list.add(item);
        return list.size() - 1;
    }

    private record Labels(IntList nodes, List<String> labels) {
        int[] indices(List<String> classes) {
            return labels.stream().mapToInt(l -> classes.indexOf(l)).toArray();
        }
    }

    /** Entity IRI in the first column, label in the last; the first line is a header. */
    private static Labels labels(Path file, Map<String, Integer> nodeIndex) throws IOException {
        IntList nodes = new IntList();
        List<String> labels = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        try (TextLines lines = TextLines.open(file, "", false)) {
            lines.require("a header line");
            for (String line = lines.next(); line != null; line = lines.next()) {
                String[] f = line.split("\t", -1);
                if (f.length < 2) {
                    throw lines.error("expected the entity, tab-separated columns and the label; found "
                            + TextLines.quote(line));
                }
                String entity = f[0].strip();
                String label = f[f.length - 1].strip();
                Integer node = nodeIndex.get(entity.startsWith("<") ? entity : "<" + entity + ">");
                if (node == null) {
                    throw lines.error("entity " + TextLines.quote(entity) + " is not a subject or object of any "
                            + "triple");
                }
                if (label.isEmpty()) {
                    throw lines.error("entity " + TextLines.quote(entity) + " has an empty label");
                }
                if (!seen.add(node)) {
                    throw lines.error("entity " + TextLines.quote(entity) + " is listed twice");
                }
                nodes.add(node);
                labels.add(label);
            }
        }
        if (labels.isEmpty()) {
            throw new DatasetFormatException(file.toString(), "lists no labelled entities");
        }
        return new Labels(nodes, labels);
    }
}
