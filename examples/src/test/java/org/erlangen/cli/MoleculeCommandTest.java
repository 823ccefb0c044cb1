package org.erlangen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.erlangen.io.ModelFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MoleculeCommandTest {
    private static final String FIGURES = "test_mae=\\d+\\.\\d{4} test_rmse=\\d+\\.\\d{4} test_r2=-?\\d+\\.\\d{4}.* "
            + "seconds=\\d+\\.\\d";

    private record Run(int code, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    private static Run run(String... args) {
        PrintStream original = System.out;
        var bytes = new ByteArrayOutputStream();
        var err = new StringWriter();
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            var cli = Erlangen.commandLine();
            cli.setErr(new PrintWriter(err, true));
            int code = cli.execute(args);
            return new Run(code, bytes.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(original);
        }
    }

    private static Path esol(Path dir, String... extra) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("Compound ID,measured log solubility in mols per litre,smiles");
        String[] smiles = {"CCO", "CCCO", "CCCCO", "c1ccccc1", "Cc1ccccc1", "CCc1ccccc1", "CC(=O)O", "CCC(=O)O",
            "ClCCl", "ClC(Cl)Cl", "CCN", "CCCN", "OCCO", "c1ccncc1", "CC#N", "C=CC", "CCOCC", "CCCCCC", "Oc1ccccc1",
            "Nc1ccccc1"};
        for (int i = 0; i < smiles.length; i++) {
            lines.add("\"mol, " + i + "\"," + (0.5 - 0.3 * smiles[i].length()) + "," + smiles[i]);
        }
        lines.addAll(List.of(extra));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("delaney-processed.csv"), String.join("\n", lines) + "\n");
        return dir;
    }

    @Test
    void gineOnSmilesWritesPredictionsPlotModelAndFigures(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out");
        Run run = run("molecule", "--dataset", esol(dir.resolve("esol")).toString(), "--epochs", "3", "--seeds", "2",
                "--hidden", "16", "--layers", "2", "--batch-size", "8", "--out", out.toString());
        assertEquals(0, run.code(), run.err() + run.out());
        assertTrue(run.lastLine().matches(FIGURES + "|.*seeds=2.*"), run.lastLine());
        assertTrue(run.lastLine().matches(FIGURES) && run.lastLine().contains("seeds=2"), run.lastLine());
        List<String> csv = Files.readAllLines(out.resolve("predictions.csv"));
        assertEquals("id,seed,split,target,prediction", csv.get(0));
        assertEquals(1 + 2 * 20, csv.size(), "every molecule once per seed");
        assertTrue(csv.get(1).startsWith("\"mol, "), "names with commas are quoted: " + csv.get(1));
        assertEquals(2 * 2, csv.stream().filter(l -> l.contains(",test,")).count(), "a tenth of 20 per seed");
        assertTrue(Files.size(out.resolve("parity.png")) > 1000);
        ModelFile.Contents model = ModelFile.read(out.resolve("model.safetensors"));
        assertEquals("gine", model.config().get("model").getAsString());
        assertEquals(16, model.config().getAsJsonObject("gine").get("hidden").getAsInt());
        assertTrue(model.tensors().keySet().stream().anyMatch(k -> k.startsWith("convs.1.")), model.tensors().keySet()
                .toString());
    }

    @Test
    void badMoleculesAreSkippedWithTheirLineOrFailTheRun(@TempDir Path dir) throws IOException {
        Path data = esol(dir.resolve("esol"), "broken,1.0,C1CC(");
        Run skip = run("molecule", "--dataset", data.toString(), "--epochs", "1", "--hidden", "8", "--layers", "1",
                "--out", dir.resolve("a").toString());
        assertEquals(0, skip.code(), skip.err());
        assertTrue(skip.out().contains("skipped ") && skip.out().contains(":22: record 20"), skip.out());
        Run fail = run("molecule", "--dataset", data.toString(), "--on-error", "fail", "--out",
                dir.resolve("b").toString());
        assertEquals(2, fail.code());
        assertTrue(fail.err().contains(":22") && fail.err().contains("C1CC("), fail.err());
        Run wrong = run("molecule", "--dataset", data.toString(), "--on-error", "maybe");
        assertEquals(2, wrong.code());
        assertTrue(wrong.err().contains("skip or fail"), wrong.err());
        Run schnet = run("molecule", "--dataset", data.toString(), "--model", "schnet");
        assertEquals(2, schnet.code());
        assertTrue(schnet.err().contains("needs 3D atom positions"), schnet.err());
    }

    @Test
    void schnetAndEgnnOnAQm7Subset(@TempDir Path dir) throws IOException {
        Path shared = Path.of("..", "..", "shared", "data", "qm7-qml");
        Assumptions.assumeTrue(Files.isDirectory(shared), "shared QM7 data not present");
        // the first 40 frames and their energy lines
        List<String> xyz = Files.readAllLines(shared.resolve("qm7_qml.xyz"));
        List<String> frames = new ArrayList<>();
        int line = 0;
        for (int k = 0; k < 40; k++) {
            int atoms = Integer.parseInt(xyz.get(line).trim());
            frames.addAll(xyz.subList(line, line + atoms + 2));
            line += atoms + 2;
        }
        Path qm7 = Files.createDirectories(dir.resolve("qm7"));
        Files.write(qm7.resolve("qm7_qml.xyz"), frames);
        Files.write(qm7.resolve("hof_qm7.txt"), Files.readAllLines(shared.resolve("hof_qm7.txt")).subList(0, 40));
        for (String model : List.of("schnet", "egnn")) {
            Path out = dir.resolve(model);
            Run run = run("molecule", "--dataset", qm7.toString(), "--model", model, "--epochs", "2", "--hidden", "8",
                    "--layers", "1", "--batch-size", "8", "--out", out.toString());
            assertEquals(0, run.code(), run.err());
            assertTrue(run.out().contains("40 molecules"), run.out());
            assertTrue(run.lastLine().matches(FIGURES), run.lastLine());
            var config = ModelFile.read(out.resolve("model.safetensors")).config();
            assertEquals(model, config.get("model").getAsString());
            assertEquals(5, config.getAsJsonObject("normaliser").getAsJsonArray("references").size(),
                    "one reference energy per element");
            assertEquals(41, Files.readAllLines(out.resolve("predictions.csv")).size());
        }
    }

    @Test
    void benchSchnetEndsWithKeyValueFiguresOnRandomMoleculesWithoutData() {
        Run run = run("bench", "schnet", "--data", "no-such-folder", "--batch", "4", "--steps", "2", "--warmup", "1",
                "--no-pytorch");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("SchNet: 4 random molecules"), run.out());
        assertTrue(run.lastLine().matches("erlangen_ms=\\d+\\.\\d erlangen_train_mol_s=\\d+ erlangen_predict_mol_s=\\d+"
                + " threads=1"), run.lastLine());
    }
}
