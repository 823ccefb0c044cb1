package org.erlangen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.erlangen.io.ModelFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.io.MDLV2000Writer;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;

class MoleculeCommandTest {
    private static final String FIGURES = "test_mae=\\d+\\.\\d{4} test_rmse=\\d+\\.\\d{4} test_r2=-?\\d+\\.\\d{4}.* "
            + "seconds=\\d+\\.\\d";

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static final String[] SMILES = {"CCO", "CCCO", "CCCCO", "c1ccccc1", "Cc1ccccc1", "CCc1ccccc1", "CC(=O)O",
        "CCC(=O)O", "ClCCl", "ClC(Cl)Cl", "CCN", "CCCN", "OCCO", "c1ccncc1", "CC#N", "C=CC", "CCOCC", "CCCCCC",
        "Oc1ccccc1", "Nc1ccccc1"};

    /** A made-up property of a SMILES string, for something to learn. */
    private static double property(String smiles) {
        return 0.5 - 0.3 * smiles.length();
    }

    private static Path esol(Path dir, String... extra) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("Compound ID,measured log solubility in mols per litre,smiles");
        for (int i = 0; i < SMILES.length; i++) {
            lines.add("\"mol, " + i + "\"," + property(SMILES[i]) + "," + SMILES[i]);
        }
        lines.addAll(List.of(extra));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("delaney-processed.csv"), String.join("\n", lines) + "\n");
        return dir;
    }

    @Test
    void gineOnSmilesWritesPredictionsPlotModelAndFigures(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out");
        CliRun run = run("molecule", "--dataset", esol(dir.resolve("esol")).toString(), "--epochs", "3", "--seeds", "2",
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
        CliRun skip = run("molecule", "--dataset", data.toString(), "--epochs", "1", "--hidden", "8", "--layers", "1",
                "--out", dir.resolve("a").toString());
        assertEquals(0, skip.code(), skip.err());
        assertTrue(skip.out().contains("skipped ") && skip.out().contains(":22: record 20"), skip.out());
        CliRun fail = run("molecule", "--dataset", data.toString(), "--on-error", "fail", "--out",
                dir.resolve("b").toString());
        assertEquals(2, fail.code());
        assertTrue(fail.err().contains(":22") && fail.err().contains("C1CC("), fail.err());
        CliRun wrong = run("molecule", "--dataset", data.toString(), "--on-error", "maybe");
        assertEquals(2, wrong.code());
        assertTrue(wrong.err().contains("skip or fail"), wrong.err());
        CliRun schnet = run("molecule", "--dataset", data.toString(), "--model", "schnet");
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
            CliRun run = run("molecule", "--dataset", qm7.toString(), "--model", model, "--epochs", "2", "--hidden", "8",
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

    private interface RowFormat {
        String line(int index, String smiles, double property);
    }

    /** A file of {@link #SMILES}: the lines of {@code head}, one line per molecule, then {@code tail}. */
    private static Path moleculeFile(Path file, List<String> head, RowFormat row, String... tail) throws IOException {
        List<String> lines = new ArrayList<>(head);
        for (int i = 0; i < SMILES.length; i++) {
            lines.add(row.line(i, SMILES[i], property(SMILES[i])));
        }
        lines.addAll(List.of(tail));
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    private static String decimalComma(double v) {
        return String.format(Locale.ROOT, "%.2f", v).replace('.', ',');
    }

    /** Trains briefly on {@code data} with {@code options}; checks the figures, predictions and model file. */
    private static CliRun trains(Path data, Path out, String target, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("molecule", "--dataset", data.toString(), "--epochs", "2",
                "--hidden", "8", "--layers", "1", "--batch-size", "8", "--out", out.toString()));
        args.addAll(List.of(options));
        CliRun run = run(args.toArray(String[]::new));
        assertEquals(0, run.code(), run.err() + run.out());
        assertTrue(run.lastLine().matches(FIGURES), run.lastLine());
        assertEquals(1 + SMILES.length, Files.readAllLines(out.resolve("predictions.csv")).size());
        var config = ModelFile.read(out.resolve("model.safetensors")).config();
        assertEquals("gine", config.get("model").getAsString());
        assertEquals(target, config.get("target").getAsString());
        return run;
    }

    private static CliRun refused(Path data, Path out, String... options) {
        List<String> args = new ArrayList<>(List.of("molecule", "--dataset", data.toString(), "--out",
                out.toString()));
        args.addAll(List.of(options));
        CliRun run = run(args.toArray(String[]::new));
        assertEquals(2, run.code(), run.err() + run.out());
        assertTrue(run.err().startsWith("erlangen molecule: " + data + ":"), run.err());
        assertTrue(!Files.exists(out), "nothing written");
        return run;
    }

    @Test
    void aRunThatFailsWhileTrainingLeavesAnExistingOutputFolderAsItWas(@TempDir Path dir) throws IOException {
        Path data = esol(dir.resolve("esol"));
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("notes.txt"), "an earlier run's notes");
        Map<String, String> before = CliRun.snapshot(out);
        CliRun run = run("molecule", "--dataset", data.toString(), "--epochs", "2", "--hidden", "8", "--layers", "1",
                "--batch-size", "8", "--lr", "1e30", "--out", out.toString());
        assertEquals(2, run.code(), run.err() + run.out());
        assertTrue(run.err().contains("training diverged"), run.err());
        assertEquals(before, CliRun.snapshot(out), "the folder is as it was");
        try (var siblings = Files.list(dir)) {
            assertEquals(List.of("esol", "out"), siblings.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary folder left behind");
        }
    }

    @Test
    void aSemicolonFileWithCommentedHeaderLinesTrains(@TempDir Path dir) throws IOException {
        Path data = moleculeFile(dir.resolve("solubility.csv"), List.of("# measured at 25 C", "# log10 mol/L, "
                + "decimal commas", "id;name;smiles;logS"), (i, s, y) -> (i + 1) + ";compound " + i + ";" + s + ";"
                + decimalComma(y), "21;broken;C1CC(;-1,00");
        CliRun run = trains(data, dir.resolve("out"), "logS");
        assertTrue(run.out().contains("solubility.csv (semicolon-separated, header on line 3; SMILES: column 3 "
                + "'smiles', target: column 4 'logS'): 20 molecules, 1 records skipped"), run.out());
        assertTrue(run.out().contains("skipped " + data + ":24: record 20: invalid SMILES 'C1CC('"), run.out());
        CliRun fail = refused(data, dir.resolve("fail"), "--on-error", "fail");
        assertTrue(fail.err().contains(":24: record 20: invalid SMILES 'C1CC('"), fail.err());
    }

    @Test
    void aTabSeparatedFileTrains(@TempDir Path dir) throws IOException {
        Path data = moleculeFile(dir.resolve("mols.tsv"), List.of("SMILES\tsource\tpIC50"),
                (i, s, y) -> s + "\tlab " + (i % 3) + "\t" + y);
        CliRun run = trains(data, dir.resolve("out"), "pIC50");
        assertTrue(run.out().contains("mols.tsv (tab-separated, header on line 1; SMILES: column 1 'SMILES', "
                + "target: column 3 'pIC50'): 20 molecules"), run.out());
    }

    @Test
    void aHeaderlessFileTrainsWithItsColumnsByNumber(@TempDir Path dir) throws IOException {
        Path data = moleculeFile(dir.resolve("mols.txt"), List.of(), (i, s, y) -> (100 + 7 * i) + ".5," + s + ","
                + y);
        CliRun ambiguous = refused(data, dir.resolve("out"));
        assertTrue(ambiguous.err().contains("2 numeric columns (columns 1, 3) besides the SMILES (column 2)"),
                ambiguous.err());
        CliRun run = trains(data, dir.resolve("out"), "column 3", "--smiles-column", "2", "--target", "3");
        assertTrue(run.out().contains("mols.txt (comma-separated, no header; SMILES: column 2, target: column 3): 20 "
                + "molecules, 0 records skipped"), run.out());
    }

    /** The molecules as SD records with an id, a name, a made-up property and a weight. */
    private static Path sdFile(Path file) throws IOException, CDKException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < SMILES.length; i++) {
            IAtomContainer molecule = new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles(SMILES[i]);
            molecule.setTitle("mol " + i);
            StringWriter molfile = new StringWriter();
            try (MDLV2000Writer writer = new MDLV2000Writer(molfile)) {
                writer.write(molecule);
            }
            text.append(molfile).append("> <ID>\n").append(i + 1).append("\n\n> <SOLUBILITY>\n")
                    .append(property(SMILES[i])).append("\n\n> <MW>\n").append(12.0 * SMILES[i].length())
                    .append("\n\n$$$$\n");
        }
        return Files.writeString(file, text);
    }

    @Test
    void anSdFileWithANamedPropertyTrains(@TempDir Path dir) throws IOException, CDKException {
        Path data = sdFile(dir.resolve("mols.sdf"));
        CliRun run = trains(data, dir.resolve("out"), "SOLUBILITY", "--target", "SOLUBILITY");
        assertTrue(run.out().contains("mols.sdf (target: property <SOLUBILITY>): 20 molecules, 0 records skipped"),
                run.out());
        CliRun ambiguous = refused(data, dir.resolve("no"));
        assertTrue(ambiguous.err().contains("2 numeric properties (<SOLUBILITY>, <MW>); choose the target with "
                + "--target PROPERTY. Properties found (20 records):"), ambiguous.err());
        CliRun schnet = run("molecule", "--dataset", data.toString(), "--target", "MW", "--model", "schnet");
        assertEquals(2, schnet.code());
        assertTrue(schnet.err().contains("schnet needs 3D atom positions, and mols.sdf (SD file) is read as bond "
                + "graphs (2D); use --model gine"), schnet.err());
    }

    @Test
    void ambiguousFilesGiveOneErrorListingTheirColumns(@TempDir Path dir) throws IOException {
        Path data = moleculeFile(dir.resolve("mols.csv"), List.of("smiles,canonical,y"), (i, s, y) -> s + "," + s
                + "," + String.format(Locale.ROOT, "%.2f", y));
        CliRun run = refused(data, dir.resolve("out"));
        assertEquals("erlangen molecule: " + data + ": 2 columns hold SMILES (columns 1, 2); choose one with "
                + "--smiles-column NAME|NUMBER. Columns found (20 rows):\n"
                + "  1 smiles: SMILES, e.g. 'CCO' (20 of the first 20 parse)\n"
                + "  2 canonical: SMILES, e.g. 'CCO' (20 of the first 20 parse)\n"
                + "  3 y: numbers, -2.50 to -0.40", run.err().strip());
        trains(data, dir.resolve("out"), "y", "--smiles-column", "canonical");
    }

    @Test
    void aFileWithNoNumericColumnIsRefusedWithTheColumnList(@TempDir Path dir) throws IOException {
        Path data = moleculeFile(dir.resolve("classes.csv"), List.of("name;smiles;class"), (i, s, y) -> "compound "
                + i + ";" + s + ";" + (y < -1 ? "insoluble" : "soluble"));
        CliRun run = refused(data, dir.resolve("out"));
        assertEquals("erlangen molecule: " + data + ": no numeric column to learn besides the SMILES (column 2 "
                + "'smiles'): a target holds a number in every row; name the target with --target NAME|NUMBER. "
                + "Columns found (20 rows):\n"
                + "  1 name: text, e.g. 'compound 0'\n"
                + "  2 smiles: SMILES, e.g. 'CCO' (20 of the first 20 parse)\n"
                + "  3 class: text, e.g. 'soluble'", run.err().strip());
    }

    @Test
    void aFileTooSmallToSplitIsRefused(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("five.csv");
        Files.writeString(data, "smiles,y\nCCO,1.5\nCCCO,2.5\nCCCCO,3.5\nCC,4.5\nC,5.5\n");
        CliRun run = run("molecule", "--dataset", data.toString(), "--out", dir.resolve("out").toString());
        assertEquals(2, run.code());
        assertTrue(run.err().contains("five.csv has 5 molecules, too few for a training, a validation and a test part"
                + " (4, 1 and 0 molecules)"), run.err());
        assertTrue(!Files.exists(dir.resolve("out")));
    }

    @Test
    void theDataSetFoldersKeepTheirColumns(@TempDir Path dir) throws IOException {
        Path data = esol(dir.resolve("esol"));
        CliRun run = run("molecule", "--dataset", data.toString(), "--smiles-column", "smiles", "--out",
                dir.resolve("out").toString());
        assertEquals(2, run.code());
        assertTrue(run.err().contains("is the ESOL (Delaney) folder, read as it is; to choose a SMILES column or a "
                + "delimiter, name a molecule file itself as the dataset"), run.err());
        CliRun target = run("molecule", "--dataset", data.toString(), "--target", "smiles", "--out",
                dir.resolve("out").toString());
        assertEquals(2, target.code());
        assertTrue(target.err().contains("unknown target 'smiles' for ESOL (Delaney); targets: [logS]; to learn "
                + "another column, name the file in the folder itself as the dataset"), target.err());
        CliRun delimiter = run("molecule", "--dataset", data.resolve("delaney-processed.csv").toString(), "--delimiter",
                "pipe");
        assertEquals(2, delimiter.code());
        assertTrue(delimiter.err().contains("unknown delimiter 'pipe'; delimiters: comma, tab, semicolon"),
                delimiter.err());
        assertTrue(!Files.exists(dir.resolve("out")));
    }

    @Test
    void benchSchnetEndsWithKeyValueFiguresOnRandomMoleculesWithoutData() {
        CliRun run = run("bench", "schnet", "--data", "no-such-folder", "--batch", "4", "--steps", "2", "--warmup", "1",
                "--no-pytorch");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("SchNet: 4 random molecules"), run.out());
        assertTrue(run.lastLine().matches("erlangen_ms=\\d+\\.\\d erlangen_train_mol_s=\\d+ erlangen_predict_mol_s=\\d+"
                + " threads=1"), run.lastLine());
    }
}
