package org.erlangen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.erlangen.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --nodes --edges}: tables in, a model and predictions keyed by the user's ids out. */
class TrainTablesTest {
    @TempDir
    Path tmp;

    /**
     * Two communities of users, fraud and ok, with a score and a colour that lean towards their class, and ids that
     * are words; the last {@code unlabelled} users have no label.
     */
    static List<String> writeUsers(Path nodes, Path edges, int n, int unlabelled, long seed) throws IOException {
        Random random = new Random(seed);
        List<String> ids = new ArrayList<>();
        boolean[] fraud = new boolean[n];
        List<String> rows = new ArrayList<>(List.of("user;score;colour;label"));
        for (int i = 0; i < n; i++) {
            fraud[i] = random.nextDouble() < 0.4;
            String id = "user-" + Integer.toString(1000 + 37 * i, 36);
            ids.add(id);
            double score = (fraud[i] ? 0.65 : 0.35) + 0.25 * random.nextGaussian();
            String colour = random.nextDouble() < 0.6 ? (fraud[i] ? "red" : "blue") : "green";
            String label = i >= n - unlabelled ? "" : fraud[i] ? "fraud" : "ok";
            rows.add(String.format(Locale.ROOT, "%s;%.4f;%s;%s", id, score, colour, label));
        }
        List<String> links = new ArrayList<>(List.of("from;to"));
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (random.nextDouble() < (fraud[i] == fraud[j] ? 0.06 : 0.004)) {
                    links.add(ids.get(i) + ";" + ids.get(j));
                }
            }
        }
        Files.write(nodes, rows, StandardCharsets.UTF_8);
        Files.write(edges, links, StandardCharsets.UTF_8);
        return ids;
    }

    /**
     * Molecules as a node table (atom, molecule, element, label on every atom, a split column) and chains of bonds:
     * the class is the element more than half of a molecule's atoms have, one of three.
     */
    static void writeMolecules(Path nodes, Path edges, int count, long seed) throws IOException {
        Random random = new Random(seed);
        String[] elements = {"C", "N", "O"};
        List<String> atoms = new ArrayList<>(List.of("atom,molecule,element,label,part"));
        List<String> bonds = new ArrayList<>(List.of("source,target"));
        for (int m = 0; m < count; m++) {
            int label = m % 3;
            int n = 5 + random.nextInt(6);
            String part = m % 10 == 8 ? "validation" : m % 10 == 9 ? "test" : "train";
            for (int a = 0; a < n; a++) {
                String element = a < n / 2 + 1 ? elements[label] : elements[random.nextInt(3)];
                // the label on some atoms only: a graph's target is the value its atoms agree on
                atoms.add("m" + m + "-a" + a + ",mol" + m + "," + element + "," + (a % 2 == 0 ? "class " + label : "")
                        + "," + part);
                if (a > 0) {
                    bonds.add("m" + m + "-a" + (a - 1) + ",m" + m + "-a" + a);
                }
            }
        }
        Files.write(nodes, atoms, StandardCharsets.UTF_8);
        Files.write(edges, bonds, StandardCharsets.UTF_8);
    }

    private static double figure(CliRun run, String key) {
        Matcher m = Pattern.compile(key + "=(\\d+\\.\\d+)").matcher(run.lastLine());
        assertTrue(m.find(), run.lastLine());
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aNodeTaskFromTablesWritesPredictionsKeyedByTheUsersIds() throws IOException {
        Path nodes = tmp.resolve("users.csv");
        Path edges = tmp.resolve("links.csv");
        List<String> ids = writeUsers(nodes, edges, 300, 20, 3);
        Path out = tmp.resolve("run");
        CliRun run = CliRun.of("train", "--nodes", nodes.toString(), "--edges", edges.toString(), "--target", "label",
                "--epochs", "60", "--out", out.toString());
        assertEquals(0, run.code(), run.err() + run.out());
        assertTrue(run.out().contains("300 nodes, 4 features, "), run.out());
        assertTrue(run.out().contains("target 'label': 2 classes (fraud, ok) on 280 labelled nodes"), run.out());
        assertTrue(run.lastLine().matches("test_accuracy=\\d\\.\\d{4} epochs=60 seconds=\\d+\\.\\d"), run.lastLine());
        assertTrue(figure(run, "test_accuracy") >= 0.85, run.lastLine());
        for (String file : List.of("model.safetensors", "metrics.json", "curves.png", "predictions.csv")) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        assertEquals("node", ModelFile.read(out.resolve("model.safetensors")).config().get("task").getAsString());

        List<String> lines = Files.readAllLines(out.resolve("predictions.csv"));
        assertEquals("user,prediction,probability_fraud,probability_ok,split", lines.get(0));
        assertEquals(301, lines.size());
        Set<String> parts = new HashSet<>();
        int test = 0;
        for (int i = 0; i < 300; i++) {
            String[] f = lines.get(i + 1).split(",", -1);
            assertEquals(ids.get(i), f[0], "rows keyed by the user's ids, in file order");
            double fraud = Double.parseDouble(f[2]);
            double ok = Double.parseDouble(f[3]);
            assertEquals(1.0, fraud + ok, 1e-5);
            assertEquals(fraud > ok ? "fraud" : "ok", f[1]);
            assertTrue(i < 280 ? !f[4].isEmpty() : f[4].isEmpty(), "unlabelled users are predicted, in no split");
            parts.add(f[4]);
            test += f[4].equals("test") ? 1 : 0;
        }
        assertEquals(Set.of("train", "validation", "test", ""), parts);
        assertEquals(28, test, "10% of the labelled users test");
    }

    @Test
    void aGraphTaskFromTablesWithThreeClassesAndASplitColumn() throws IOException {
        Path nodes = tmp.resolve("atoms.csv");
        Path edges = tmp.resolve("bonds.csv");
        writeMolecules(nodes, edges, 150, 5);
        Path out = tmp.resolve("molecules");
        CliRun run = CliRun.of("train", "--nodes", nodes.toString(), "--edges", edges.toString(), "--target", "label",
                "--graph-column", "molecule", "--split-column", "part", "--epochs", "40", "--hidden", "16",
                "--layers", "2", "--out", out.toString());
        assertEquals(0, run.code(), run.err() + run.out());
        assertTrue(run.out().contains("in 150 graphs, 3 features"), run.out());
        assertTrue(run.out().contains("3 classes (class 0, class 1, class 2) on 150 labelled graphs"), run.out());
        assertTrue(figure(run, "test_accuracy") >= 0.8, run.lastLine());
        var config = ModelFile.read(out.resolve("model.safetensors")).config();
        assertEquals("gin", config.get("layer").getAsString(), "graph classification's default model");
        assertEquals(3, config.get("out").getAsInt());

        List<String> lines = Files.readAllLines(out.resolve("predictions.csv"));
        assertEquals("molecule,prediction,probability_class 0,probability_class 1,probability_class 2,split",
                lines.get(0));
        assertEquals(151, lines.size());
        for (int m = 0; m < 150; m++) {
            String[] f = lines.get(m + 1).split(",", -1);
            assertEquals("mol" + m, f[0]);
            assertEquals(m % 10 == 8 ? "validation" : m % 10 == 9 ? "test" : "train", f[5]);
        }
    }

    @Test
    void tableProblemsAreOneLineAndLeaveNoOutput() throws IOException {
        Path nodes = tmp.resolve("users.csv");
        Path edges = tmp.resolve("links.csv");
        writeUsers(nodes, edges, 40, 0, 4);
        List<String> rows = new ArrayList<>(Files.readAllLines(nodes));
        rows.set(7, rows.get(7).replaceFirst(";[^;]*;", ";;")); // user 7's score is missing
        Path holes = tmp.resolve("holes.csv");
        Files.write(holes, rows);
        Path out = tmp.resolve("out");
        CliRun missing = CliRun.of("train", "--nodes", holes.toString(), "--edges", edges.toString(), "--target",
                "label", "--out", out.toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().matches("(?s)erlangen train: .*holes.csv:8: column 'score': node 'user-\\w+': no "
                + "value; fill it in, or impute the column mean \\(--missing mean\\)\\s*"), missing.err());
        assertTrue(Files.notExists(out));
        CliRun imputed = CliRun.of("train", "--nodes", holes.toString(), "--edges", edges.toString(), "--target",
                "label", "--missing", "mean", "--epochs", "2", "--out", out.toString());
        assertEquals(0, imputed.code(), imputed.err());
        assertTrue(imputed.out().contains("note: column 'score': 1 missing values set to the column mean"),
                imputed.out());

        CliRun noTarget = CliRun.of("train", "--nodes", nodes.toString(), "--edges", edges.toString());
        assertEquals(2, noTarget.code());
        assertTrue(noTarget.err().contains("--target names the column to learn; " + nodes + " has the columns user, "
                + "score, colour, label"), noTarget.err());
        CliRun stray = CliRun.of("train", "--dataset", tmp.toString(), "--target", "label");
        assertEquals(2, stray.code());
        assertTrue(stray.err().contains("--target is for tables"), stray.err());
        CliRun numbers = CliRun.of("train", "--nodes", nodes.toString(), "--edges", edges.toString(), "--target",
                "score");
        assertEquals(2, numbers.code());
        assertTrue(numbers.err().contains("holds numbers, and train has no node regression yet"), numbers.err());
    }
}
