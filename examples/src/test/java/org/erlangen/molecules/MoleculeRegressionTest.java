package org.erlangen.molecules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.erlangen.gnn.molecules.Molecule;
import org.erlangen.gnn.molecules.MoleculeDataset;
import org.erlangen.gnn.molecules.OnError;
import org.erlangen.gnn.molecules.Qm7Reader;
import org.erlangen.gnn.tasks.Evaluation;
import org.erlangen.graph.Splits;
import org.erlangen.io.DatasetFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MoleculeRegressionTest {
    private static final String HEADER = "Compound ID,ESOL predicted log solubility in mols per litre,Minimum Degree,"
            + "Molecular Weight,Number of H-Bond Donors,Number of Rings,Number of Rotatable Bonds,Polar Surface Area,"
            + "measured log solubility in mols per litre,smiles";
    private static final String[] SMILES = {"CCO", "CCCO", "CCCCO", "c1ccccc1", "Cc1ccccc1", "CCc1ccccc1", "CC(=O)O",
        "CCC(=O)O", "ClCCl", "ClC(Cl)Cl", "CCN", "CCCN", "OCCO", "c1ccncc1", "CC#N", "C=CC", "CCOCC", "CCCCCC",
        "Oc1ccccc1", "Nc1ccccc1"};

    /** An ESOL-like folder; a target that grows with the carbon count, so there is something to learn. */
    static Path esolFolder(Path dir, String... extraRows) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        for (int i = 0; i < SMILES.length; i++) {
            long carbons = SMILES[i].chars().filter(ch -> ch == 'C' || ch == 'c').count();
            lines.add("mol " + i + ",0,1,100,0,0,0,0," + (1.0 - 0.5 * carbons) + "," + SMILES[i]);
        }
        lines.addAll(List.of(extraRows));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("delaney-processed.csv"), String.join("\n", lines) + "\n",
                StandardCharsets.UTF_8);
        return dir;
    }

    @Test
    void detectsTheFormatByItsFilesAndNamesWhatItExpects(@TempDir Path dir) throws IOException {
        assertEquals(MoleculeDataset.Format.ESOL, MoleculeDataset.Format.detect(esolFolder(dir.resolve("esol"))));
        Path qm7 = Files.createDirectories(dir.resolve("qm7"));
        Files.writeString(qm7.resolve(Qm7Reader.XYZ_FILE), "");
        Files.writeString(qm7.resolve(Qm7Reader.ENERGY_FILE), "");
        assertEquals(MoleculeDataset.Format.QM7, MoleculeDataset.Format.detect(qm7));
        Path huuskonen = Files.createDirectories(dir.resolve("huuskonen"));
        Files.writeString(huuskonen.resolve("solubility.train.sdf"), "");
        Files.writeString(huuskonen.resolve("solubility.test.sdf"), "");
        assertEquals(MoleculeDataset.Format.HUUSKONEN, MoleculeDataset.Format.detect(huuskonen));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MoleculeDataset.Format.detect(empty));
        assertTrue(e.getMessage().contains("solubility.train.sdf + solubility.test.sdf"), e.getMessage());
    }

    @Test
    void badMoleculesAreReportedWithTheirLineOrStopTheRead(@TempDir Path dir) throws IOException {
        Path folder = esolFolder(dir, "broken,0,1,100,0,0,0,0,-1.0,C1CC(");
        MoleculeDataset skipped = MoleculeDataset.read(folder, OnError.SKIP);
        assertEquals(SMILES.length, skipped.molecules().size());
        assertEquals(1, skipped.problems().size());
        assertEquals(SMILES.length + 2, skipped.problems().get(0).line(), "header + rows before it");
        assertTrue(skipped.summary().contains("1 records skipped"), skipped.summary());
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> MoleculeDataset.read(folder, OnError.FAIL));
        assertTrue(e.getMessage().contains(":" + (SMILES.length + 2)), e.getMessage());
    }

    @Test
    void aFixedTestSetStaysAndValidationComesFromTheRest() {
        List<Molecule> molecules = IntStream.range(0, 30).mapToObj(i -> new Molecule("m" + i, new int[] {6}, null,
                null, List.of(), null, java.util.Map.of("logS", (double) i))).toList();
        int[] test = IntStream.range(24, 30).toArray();
        MoleculeDataset data = new MoleculeDataset(MoleculeDataset.Format.HUUSKONEN, molecules, List.of(), test);
        Splits.Split a = data.split(1);
        assertArrayEquals(test, a.test());
        assertEquals(2, a.validation().length, "a tenth of 24, rounded");
        assertEquals(22, a.train().length);
        int[] all = IntStream.concat(IntStream.concat(Arrays.stream(a.train()), Arrays.stream(a.validation())),
                Arrays.stream(a.test())).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 30).toArray(), all, "every molecule in exactly one part");
        assertArrayEquals(a.validation(), data.split(1).validation(), "same seed, same split");
        assertTrue(!Arrays.equals(a.validation(), data.split(2).validation()) || !Arrays.equals(a.validation(),
                data.split(3).validation()), "other seeds, other validation molecules");
    }

    @Test
    void evaluationErrorsAndR2() {
        Evaluation e = Evaluation.of(new double[] {1, 2, 3, 4}, new double[] {1.5, 2, 2, 4});
        assertEquals((0.5 + 0 + 1 + 0) / 4, e.mae(), 1e-15);
        assertEquals(Math.sqrt((0.25 + 1) / 4), e.rmse(), 1e-15);
        assertEquals(1 - 1.25 / 5.0, e.r2(), 1e-15); // total sum of squares about the mean 2.5 is 5
        assertTrue(Double.isNaN(Evaluation.of(new double[] {2, 2}, new double[] {1, 3}).r2()));
        assertThrows(IllegalArgumentException.class, () -> Evaluation.of(new double[] {1}, new double[0]));
    }

    @Test
    void threeDModelsRefuseSmilesDataAndGineRefusesXyz(@TempDir Path dir) throws IOException {
        Path esol = esolFolder(dir.resolve("esol"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MoleculeRegression.run(
                MoleculeRegression.Options.defaults(esol).withModel("schnet").withOut(dir.resolve("out")),
                new MoleculeRegression.Listener() { }));
        assertTrue(e.getMessage().contains("needs 3D atom positions"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MoleculeRegression.ModelKind.of("mpnn"));
        assertEquals("a,b", MoleculeRegression.csvField("a,b").replace("\"", ""));
        assertEquals("\"say \"\"hi\"\", twice\"", MoleculeRegression.csvField("say \"hi\", twice"));
    }
}
