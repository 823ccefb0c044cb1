package org.erlangen.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.erlangen.graph.Splits;
import org.erlangen.io.TableDataset;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Predictions written back as a table keyed by the user's ids ({@code predictions.csv}): the id (node or graph), the
 * prediction (a class name, or a number), for classification each class's probability, and the part of the split the
 * item was in (train, validation, test; empty for items left out or unlabelled).
 */
final class TablePredictions {
    private TablePredictions() {
    }

    /**
     * @param outputs one row per item, in item order: class scores (logits) or predicted values
     */
    static void write(Path file, TableDataset data, INDArray outputs, Splits.Split split) throws IOException {
        INDArray out = outputs.castTo(DataType.DOUBLE);
        String[] part = new String[data.itemIds().size()];
        mark(part, split.train(), "train");
        mark(part, split.validation(), "validation");
        mark(part, split.test(), "test");
        List<String> header = new ArrayList<>(List.of(data.itemColumn(), "prediction"));
        if (data.classification()) {
            data.classes().forEach(c -> header.add("probability_" + c));
        }
        header.add("split");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(line(header));
            for (int i = 0; i < part.length; i++) {
                List<String> row = new ArrayList<>();
                row.add(data.itemIds().get(i));
                if (data.classification()) {
                    double[] p = softmax(out.getRow(i).toDoubleVector());
                    int best = 0;
                    for (int c = 1; c < p.length; c++) {
                        best = p[c] > p[best] ? c : best;
                    }
                    row.add(data.classes().get(best));
                    for (double v : p) {
                        row.add(String.format(Locale.ROOT, "%.6f", v));
                    }
                } else {
                    row.add(String.format(Locale.ROOT, "%.6g", out.getDouble(i, 0)));
                }
                row.add(part[i] == null ? "" : part[i]);
                w.write(line(row));
            }
        }
    }

    private static void mark(String[] part, int[] items, String name) {
        for (int i : items) {
            part[i] = name;
        }
    }

    static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[logits.length];
        for (int c = 0; c < p.length; c++) {
            p[c] = Math.exp(logits[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < p.length; c++) {
            p[c] /= sum;
        }
        return p;
    }

    /** A comma-separated line, fields with a comma, quote or line break quoted. */
    private static String line(List<String> fields) {
        List<String> quoted = new ArrayList<>(fields.size());
        for (String f : fields) {
            quoted.add(f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")
                    ? "\"" + f.replace("\"", "\"\"") + "\"" : f);
        }
        return String.join(",", quoted) + "\n";
    }
}
