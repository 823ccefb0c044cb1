package org.erlangen.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * A small node-property dataset written in OGB's raw layout ({@code raw/edge.csv}, {@code raw/node-feat.csv},
 * {@code raw/node-label.csv}, {@code raw/num-node-list.csv}, {@code raw/num-edge-list.csv} and
 * {@code split/time/{train,valid,test}.csv}, each gzipped or plain), with what was written, to compare a reader's
 * result against. Node v's class is {@code v % classes}, and its features lean towards it (feature {@code class}
 * is about 1, the rest about 0), written in the spellings numbers take in CSV files ("0.057943", "1.0E-5", "-0",
 * "3"). Two nodes have no label, one written "nan" and one as an empty line, and belong to no part of the split. The
 * edges link each node to two others, most of the same class, and include a repeated edge, an edge listed in both
 * directions and a self loop.
 *
 * @param folder the dataset folder
 * @param featureText each node's feature values as written
 * @param labels each node's class, -1 for the two without one
 * @param from the edges as written, source ends
 * @param to target ends
 * @param train node ids in train.csv, in file order
 * @param valid node ids in valid.csv
 * @param test node ids in test.csv
 */
public record OgbFolder(Path folder, String[][] featureText, int[] labels, int[] from, int[] to, int[] train,
        int[] valid, int[] test) {
    /** The split folder's name (ogbn-arxiv's). */
    public static final String SPLIT = "time";
    /** The nodes written without a label: "nan" and an empty line. */
    public static final int NAN_LABEL = 5;
    public static final int EMPTY_LABEL = 11;

    public static OgbFolder write(Path folder, int nodes, int features, int classes, boolean gzip, long seed)
            throws IOException {
        var random = new SplittableRandom(seed);
        int[] labels = new int[nodes];
        String[][] text = new String[nodes][features];
        for (int v = 0; v < nodes; v++) {
            labels[v] = v == NAN_LABEL || v == EMPTY_LABEL ? -1 : v % classes;
            for (int j = 0; j < features; j++) {
                double value = (j == v % classes ? 1 : 0) + 0.3 * (random.nextDouble() - 0.5);
                text[v][j] = switch ((v + j) % 5) {
                    case 0 -> String.format(Locale.ROOT, "%.6f", value);
                    case 1 -> Float.toString((float) value * 1e-4f);
                    case 2 -> Double.toString(value);
                    case 3 -> Integer.toString((int) Math.round(value * 3));
                    default -> j % 2 == 0 ? "-0" : String.format(Locale.ROOT, "%.3e", value);
                };
            }
        }
        List<int[]> edges = new ArrayList<>();
        for (int v = 0; v < nodes; v++) {
            for (int k = 0; k < 2; k++) {
                int u = random.nextInt(nodes);
                if (random.nextDouble() < 0.8) {
                    u = (u - u % classes + v % classes) % nodes;
                }
                if (u != v) {
                    edges.add(new int[] {v, u});
                }
            }
        }
        edges.add(edges.get(0).clone());
        edges.add(new int[] {edges.get(1)[1], edges.get(1)[0]});
        edges.add(new int[] {3, 3});
        int[] from = edges.stream().mapToInt(e -> e[0]).toArray();
        int[] to = edges.stream().mapToInt(e -> e[1]).toArray();

        List<Integer> labelled = new ArrayList<>();
        for (int v = 0; v < nodes; v++) {
            if (labels[v] >= 0) {
                labelled.add(v);
            }
        }
        for (int i = labelled.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            labelled.set(j, labelled.set(i, labelled.get(j)));
        }
        int trainEnd = labelled.size() * 6 / 10;
        int validEnd = labelled.size() * 8 / 10;
        int[] train = labelled.subList(0, trainEnd).stream().mapToInt(Integer::intValue).toArray();
        int[] valid = labelled.subList(trainEnd, validEnd).stream().mapToInt(Integer::intValue).toArray();
        int[] test = labelled.subList(validEnd, labelled.size()).stream().mapToInt(Integer::intValue).toArray();

        String suffix = gzip ? ".csv.gz" : ".csv";
        Path raw = Files.createDirectories(folder.resolve("raw"));
        Path split = Files.createDirectories(folder.resolve("split").resolve(SPLIT));
        List<String> edgeLines = new ArrayList<>();
        for (int e = 0; e < from.length; e++) {
            edgeLines.add(from[e] + "," + to[e]);
        }
        List<String> featureLines = new ArrayList<>();
        List<String> labelLines = new ArrayList<>();
        for (int v = 0; v < nodes; v++) {
            featureLines.add(String.join(",", text[v]));
            labelLines.add(v == NAN_LABEL ? "nan" : v == EMPTY_LABEL ? "" : Integer.toString(labels[v]));
        }
        write(raw.resolve("edge" + suffix), edgeLines);
        write(raw.resolve("node-feat" + suffix), featureLines);
        write(raw.resolve("node-label" + suffix), labelLines);
        write(raw.resolve("num-node-list" + suffix), List.of(Integer.toString(nodes)));
        write(raw.resolve("num-edge-list" + suffix), List.of(Integer.toString(from.length)));
        write(split.resolve("train" + suffix), lines(train));
        write(split.resolve("valid" + suffix), lines(valid));
        write(split.resolve("test" + suffix), lines(test));
        return new OgbFolder(folder, text, labels, from, to, train, valid, test);
    }

    private static List<String> lines(int[] ids) {
        List<String> lines = new ArrayList<>();
        for (int id : ids) {
            lines.add(Integer.toString(id));
        }
        return lines;
    }

    /** Writes lines, each ending in a newline, gzipped when the name ends in .gz. */
    public static void write(Path file, List<String> lines) throws IOException {
        byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = file.getFileName().toString().endsWith(".gz")
                ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(bytes);
        }
    }
}
