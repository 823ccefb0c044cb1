package org.erlangen.gnn.molecules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.erlangen.gnn.molecules.MoleculeDataset.Format;
import org.erlangen.io.DatasetFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openscience.cdk.exception.CDKException;

/** A user's own molecule files: delimiters, comments, headers, and the SMILES and target columns detected or named. */
class MoleculeFileTest {
    @TempDir
    Path dir;

    /** One line per molecule of {@link Data#SMILES}, made by {@code row(index, smiles, solubility)}. */
    private Path file(String name, List<String> head, RowFormat row, String... tail) throws IOException {
        List<String> lines = new ArrayList<>(head);
        for (int i = 0; i < Data.SMILES.size(); i++) {
            lines.add(row.line(i, Data.SMILES.get(i), Data.solubility(Data.SMILES.get(i))));
        }
        lines.addAll(List.of(tail));
        return Data.write(dir, name, lines.toArray(String[]::new));
    }

    private interface RowFormat {
        String line(int index, String smiles, double solubility);
    }

    private static String decimalComma(double v) {
        return String.format(Locale.ROOT, "%.2f", v).replace('.', ',');
    }

    private static DatasetFormatException refused(Path file, ColumnChoice choice) {
        return assertThrows(DatasetFormatException.class, () -> MoleculeDataset.read(file, choice, OnError.SKIP));
    }

    @Test
    void aSemicolonFileWithCommentedHeaderLinesAndDecimalCommas() throws IOException {
        Path f = file("mols.csv", List.of("# solubility of twenty small molecules", "# log10 mol/L, decimal commas",
                "id;smiles;name;logS"), (i, s, y) -> (i + 1) + ";" + s + ";mol " + i + ";" + decimalComma(y),
                "21;C1CC(;broken;-1,00");
        MoleculeDataset data = MoleculeDataset.read(f, OnError.SKIP);
        assertEquals(Format.SMILES_FILE, data.format());
        assertEquals("logS", data.target(), "the id column (whole numbers, all different) is no target");
        assertEquals(20, data.molecules().size());
        assertEquals(-0.5, data.molecules().get(1).target("logS"), 0.0, "CCCO: 1 - 0.5 * 3, read from '-0,50'");
        assertEquals("CCCO", data.molecules().get(1).name(), "molecules are named by their SMILES");
        assertEquals(List.of(3 + 20 + 1), data.problems().stream().map(ReadProblem::line).toList(), "2 comments, "
                + "the header and 20 rows come before the broken one");
        assertEquals("mols.csv (semicolon-separated, header on line 3; SMILES: column 2 'smiles', target: column 4 "
                + "'logS'): 20 molecules, 1 records skipped", data.summary());
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> MoleculeDataset.read(f, OnError.FAIL));
        assertTrue(e.getMessage().startsWith(f + ":24: record 20: invalid SMILES 'C1CC('"), e.getMessage());
        assertEquals(20, data.split(0).train().length + data.split(0).validation().length
                + data.split(0).test().length);
        assertEquals(2, data.split(0).test().length, "a random 80/10/10 split");
    }

    @Test
    void aTabSeparatedFile() throws IOException {
        Path f = file("mols.tsv", List.of("source\tlogS\tSMILES"), (i, s, y) -> "lab " + (i % 3) + "\t" + y + "\t"
                + s);
        MoleculeDataset data = MoleculeDataset.read(f, OnError.FAIL);
        assertEquals(20, data.molecules().size());
        assertEquals("tab-separated, header on line 1; SMILES: column 3 'SMILES', target: column 2 'logS'",
                data.layout());
        assertEquals(Data.solubility("c1ccncc1"), data.molecules().get(13).target("logS"), 0.0);
        DatasetFormatException forced = refused(f, new ColumnChoice(null, null, Delimiter.COMMA));
        assertTrue(forced.getMessage().contains("no column holds SMILES") && forced.getMessage().contains(
                "\n  1 source\tlogS\tSMILES: text, e.g. 'lab 0\t0.0\tCCO'"), "split at commas, a line is one field");
    }

    @Test
    void aHeaderlessFileNamesItsColumnsByNumber() throws IOException {
        Path f = file("mols.txt", List.of(), (i, s, y) -> s + "," + y + "," + (40 + 3 * i) + ".5");
        DatasetFormatException ambiguous = refused(f, ColumnChoice.DETECT);
        assertTrue(ambiguous.getMessage().contains("2 numeric columns (columns 2, 3) besides the SMILES (column 1); "
                + "choose the target with --target NAME|NUMBER. Columns found (20 rows):\n"
                + "  1: SMILES, e.g. 'CCO' (20 of the first 20 parse)\n"
                + "  2: numbers, -3.0 to 0.0\n"
                + "  3: numbers, 40.5 to 97.5"), ambiguous.getMessage());
        MoleculeDataset data = MoleculeDataset.read(f, new ColumnChoice("1", "2", null), OnError.FAIL);
        assertEquals("column 2", data.target());
        assertEquals(20, data.molecules().size());
        assertEquals(Data.solubility("CCCCCC"), data.molecules().get(17).target("column 2"), 0.0,
                "the first line is a molecule too");
        DatasetFormatException byName = refused(f, new ColumnChoice(null, "logS", null));
        assertTrue(byName.getMessage().contains("no column 'logS' for the target; the file has no header line (its "
                + "first line holds a number), so name columns by number, 1 to 3."), byName.getMessage());
        DatasetFormatException outside = refused(f, new ColumnChoice(null, "4", null));
        assertTrue(outside.getMessage().contains("no column 4 for the target: columns are numbered 1 to 3"),
                outside.getMessage());
    }

    @Test
    void twoSmilesColumnsAreAmbiguousUntilOneIsNamed() throws IOException {
        Path f = file("two.csv", List.of("smiles,canonical,y"), (i, s, y) -> s + "," + s + "," + y);
        DatasetFormatException e = refused(f, ColumnChoice.DETECT);
        assertTrue(e.getMessage().contains("2 columns hold SMILES (columns 1, 2); choose one with --smiles-column "
                + "NAME|NUMBER. Columns found (20 rows):\n  1 smiles: SMILES, e.g. 'CCO'"), e.getMessage());
        assertTrue(e.getMessage().contains("\n  3 y: numbers, -3.0 to 0.0"), e.getMessage());
        MoleculeDataset data = MoleculeDataset.read(f, new ColumnChoice("CANONICAL", null, null), OnError.FAIL);
        assertEquals("y", data.target());
        assertTrue(data.layout().contains("SMILES: column 2 'canonical'"), "a unique case-insensitive match");
    }

    @Test
    void aFileWithNoNumericColumnIsRefusedWithTheColumnList() throws IOException {
        Path f = file("classes.csv", List.of("name,smiles,class"), (i, s, y) -> "compound " + i + "," + s + ","
                + (y < -1 ? "insoluble" : "soluble"));
        DatasetFormatException e = refused(f, ColumnChoice.DETECT);
        assertEquals(f + ": no numeric column to learn besides the SMILES (column 2 'smiles'): a target holds a "
                + "number in every row; name the target with --target NAME|NUMBER. Columns found (20 rows):\n"
                + "  1 name: text, e.g. 'compound 0'\n"
                + "  2 smiles: SMILES, e.g. 'CCO' (20 of the first 20 parse)\n"
                + "  3 class: text, e.g. 'soluble'", e.getMessage());
        Path ids = file("ids.csv", List.of("id,smiles"), (i, s, y) -> (100 + i) + "," + s);
        assertTrue(refused(ids, ColumnChoice.DETECT).getMessage().contains("whole numbers that all differ are "
                + "taken for ids, so name such a column to learn it"));
        assertTrue(refused(ids, ColumnChoice.DETECT).getMessage().contains(
                "  1 id: whole numbers, all different (an id?), 100 to 119"));
        assertEquals(20, MoleculeDataset.read(ids, new ColumnChoice(null, "id", null), OnError.FAIL).molecules()
                .size(), "named, an id column is a target");
        Path none = file("none.csv", List.of("name,notes,y"), (i, s, y) -> "compound " + i + ",n/a," + y);
        assertTrue(refused(none, ColumnChoice.DETECT).getMessage().contains(": no column holds SMILES (more than "
                + "half of its first 200 values parsing through CDK); choose one with --smiles-column NAME|NUMBER."));
    }

    @Test
    void namedColumnsThatCannotServeAreRefused() throws IOException {
        Path f = file("mols.csv", List.of("name,smiles,y"), (i, s, y) -> "compound " + i + "," + s + "," + y);
        assertTrue(refused(f, new ColumnChoice(null, "smiles", null)).getMessage().contains(
                "column 2 'smiles' is the SMILES column; the target is another, numeric, column"));
        assertTrue(refused(f, new ColumnChoice(null, "name", null)).getMessage().contains(
                "column 1 'name' holds no numbers, so it cannot be the target"));
        assertTrue(refused(f, new ColumnChoice("y", null, null)).getMessage().contains(
                "column 3 'y' holds numbers, not SMILES"));
        assertTrue(refused(f, new ColumnChoice(null, "logS", null)).getMessage().contains("no column 'logS' for "
                + "the target; name a column by its header or its number, 1 to 3. Columns found (20 rows):\n"));
    }

    @Test
    void mostlyNumbersAreListedWithTheFirstValueThatIsNotOneAndSkippedWhenNamed() throws IOException {
        Path f = file("gaps.csv", List.of("smiles,y"), (i, s, y) -> s + "," + (i == 4 ? ">10" : y));
        DatasetFormatException e = refused(f, ColumnChoice.DETECT);
        assertTrue(e.getMessage().contains("  2 y: mostly numbers, -3.0 to 0.0, but line 6 has '>10'"),
                e.getMessage());
        MoleculeDataset data = MoleculeDataset.read(f, new ColumnChoice(null, "y", null), OnError.SKIP);
        assertEquals(19, data.molecules().size());
        assertEquals("target y '>10' is not a number", data.problems().get(0).message());
        assertEquals(6, data.problems().get(0).line());
    }

    /** An SD file of the twenty molecules with an id, a name, the solubility and, if asked, a molecular weight. */
    private Path sd(String name, boolean weight) throws IOException, CDKException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Data.SMILES.size(); i++) {
            Map<String, String> items = new LinkedHashMap<>();
            items.put("ID", String.valueOf(i + 1));
            items.put("NAME", "compound " + i);
            items.put("SOL", String.valueOf(Data.solubility(Data.SMILES.get(i))));
            if (weight) {
                items.put("MW", String.valueOf(12.0 * Data.SMILES.get(i).length()));
            }
            text.append(Data.sdRecord(Data.SMILES.get(i), i == 3 ? "" : "mol" + i, items));
        }
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void anSdFilesOneNumericPropertyIsItsTarget() throws IOException, CDKException {
        MoleculeDataset data = MoleculeDataset.read(sd("mols.sdf", false), OnError.FAIL);
        assertEquals(Format.SD_FILE, data.format());
        assertEquals("SOL", data.target(), "ID holds whole numbers that all differ: an id");
        assertEquals(20, data.molecules().size());
        assertEquals(Data.solubility("Cc1ccccc1"), data.molecules().get(4).target("SOL"), 0.0);
        assertEquals(6, data.molecules().get(3).atomCount(), "benzene, read back from its molfile");
        assertEquals("record 3", data.molecules().get(3).name(), "an empty title line");
        assertEquals("mols.sdf (target: property <SOL>): 20 molecules, 0 records skipped", data.summary());
    }

    @Test
    void anSdFileWithTwoNumericPropertiesNamesItsTarget() throws IOException, CDKException {
        Path f = sd("weights.sdf", true);
        DatasetFormatException e = refused(f, ColumnChoice.DETECT);
        assertEquals(f + ": 2 numeric properties (<SOL>, <MW>); choose the target with --target PROPERTY. "
                + "Properties found (20 records):\n"
                + "  ID: whole numbers, all different (an id?), 1 to 20\n"
                + "  NAME: text, e.g. 'compound 0'\n"
                + "  SOL: numbers, -3.0 to 0.0\n"
                + "  MW: numbers, 36.0 to 120.0", e.getMessage());
        MoleculeDataset data = MoleculeDataset.read(f, new ColumnChoice(null, "MW", null), OnError.FAIL);
        assertEquals(36.0, data.molecules().get(0).target("MW"), 0.0);
        assertTrue(refused(f, new ColumnChoice(null, "logS", null)).getMessage().contains("no property 'logS' for "
                + "the target; name a property as it is written between < and >."));
        assertTrue(refused(f, new ColumnChoice("1", "SOL", null)).getMessage().contains("is an SD file"));
    }

    @Test
    void huuskonensTrainingFileAloneFindsItsSolubility() throws IOException {
        Path f = Data.shared("huuskonen-solubility").resolve("solubility.train.sdf");
        MoleculeDataset data = MoleculeDataset.read(f, OnError.FAIL);
        assertEquals("SOL", data.target(), "ID is an id; NAME, SOL_classification and smiles are text");
        ReadResult shortcut = SdfReader.huuskonen(f, OnError.FAIL);
        assertArrayEquals(shortcut.molecules().stream().mapToDouble(m -> m.target(SdfReader.LOG_SOLUBILITY))
                .toArray(), data.molecules().stream().mapToDouble(m -> m.target("SOL")).toArray());
    }

    @Test
    void theEsolFileAloneHasEightNumericColumnsUntilItsTargetIsNamed() throws IOException {
        Path f = Data.shared("esol-delaney").resolve("delaney-processed.csv");
        DatasetFormatException e = refused(f, ColumnChoice.DETECT);
        assertTrue(e.getMessage().contains("8 numeric columns (columns 2, 3, 4, 5, 6, 7, 8, 9) besides the SMILES "
                + "(column 10 'smiles')"), e.getMessage());
        assertTrue(e.getMessage().contains("\n  9 measured log solubility in mols per litre: numbers, -11.6 to 1.58"),
                e.getMessage());
        MoleculeDataset data = MoleculeDataset.read(f, new ColumnChoice(null,
                "measured log solubility in mols per litre", null), OnError.FAIL);
        ReadResult shortcut = SmilesCsvReader.esol(f, OnError.FAIL);
        assertArrayEquals(shortcut.molecules().stream().mapToDouble(m -> m.target(SmilesCsvReader.LOG_SOLUBILITY))
                .toArray(), data.molecules().stream().mapToDouble(m -> m.target(data.target())).toArray());
    }

    @Test
    void theThreeDataSetFoldersAreStillRecognised() throws IOException {
        assertEquals(Format.QM7, Format.detect(Data.shared("qm7-qml")));
        assertEquals(Format.ESOL, Format.detect(Data.shared("esol-delaney")));
        assertEquals(Format.HUUSKONEN, Format.detect(Data.shared("huuskonen-solubility")));
        MoleculeDataset esol = MoleculeDataset.read(Data.shared("esol-delaney"), OnError.FAIL);
        assertEquals("ESOL (Delaney): 1128 molecules, 0 records skipped", esol.summary());
        assertEquals(SmilesCsvReader.LOG_SOLUBILITY, esol.target());
        IllegalArgumentException columns = assertThrows(IllegalArgumentException.class, () -> MoleculeDataset.read(
                Data.shared("esol-delaney"), new ColumnChoice("smiles", null, null), OnError.FAIL));
        assertTrue(columns.getMessage().contains("is the ESOL (Delaney) folder, read as it is; to choose a SMILES "
                + "column or a delimiter, name a molecule file itself as the dataset"), columns.getMessage());
    }

    @Test
    void aFolderOfNoKnownDataSetNamesItsFilesAndAnXyzFileIsNoDataSet() throws IOException, CDKException {
        Path folder = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(folder.resolve("mols.csv"), "smiles,y\nCCO,1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Format.detect(folder));
        assertTrue(e.getMessage().contains("; or a molecule file (delimited text with a SMILES column, or an SD "
                + "file); the folder holds mols.csv (name a molecule file itself as the dataset)"), e.getMessage());
        Path xyz = Data.write(dir, "water.xyz", "3", "water", "O 0 0 0", "H 0.96 0 0", "H -0.24 0.93 0");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Format.detect(xyz)).getMessage()
                .contains("an XYZ file alone has no targets"));
        Path molfileWithoutExtension = Files.writeString(dir.resolve("mols.txt"), Data.sdRecord("CCO", "ethanol",
                Map.of("y", "1")));
        assertEquals(Format.SD_FILE, Format.detect(molfileWithoutExtension), "a V2000 counts line on line 4");
    }
}
