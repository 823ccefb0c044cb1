package org.erlangen.gnn.molecules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.erlangen.io.DatasetFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmilesCsvReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsAll1128EsolMoleculesWithTheMeasuredSolubility() throws IOException {
        ReadResult r = SmilesCsvReader.esol(Data.shared("esol-delaney").resolve("delaney-processed.csv"),
                OnError.FAIL);
        assertEquals(1128, r.recordCount());
        assertEquals(1128, r.molecules().size());
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        double sum = 0;
        for (Molecule m : r.molecules()) {
            double y = m.target(SmilesCsvReader.LOG_SOLUBILITY);
            min = Math.min(min, y);
            max = Math.max(max, y);
            sum += y;
            assertTrue(m.bonds() != null && m.chemistry() != null);
        }
        assertEquals(-11.6, min, 1e-9);
        assertEquals(1.58, max, 1e-9);
        assertEquals(-3.05, sum / 1128, 0.005);
        Molecule amigdalin = r.molecules().get(0);
        assertEquals("Amigdalin", amigdalin.name());
        assertEquals(-0.77, amigdalin.target(SmilesCsvReader.LOG_SOLUBILITY), 0.0); // not the predicted -0.974
        assertEquals(32, amigdalin.atomCount()); // C20 N O11 heavy atoms
        assertEquals("2,2,4,6,6'-PCB", r.molecules().stream().filter(m -> m.name().startsWith("2,2,4,6"))
                .findFirst().orElseThrow().name());
    }

    @Test
    void badRowsAreReportedByLineAndSkippedOrRefused() throws IOException {
        Path f = Data.write(dir, "bad.csv",
                "name,smiles,y",
                "ethanol,CCO,1.5",
                "open ring,C1CC,2.0",
                "nonsense,Xy(C,2.0",
                "\"quoted, name\",c1ccccc1 ,3.0",
                "missing field,CC",
                "bad target,CC,abc",
                "",
                "empty smiles,,1.0",
                "kekule failure,c1cccc1,1.0",
                "water,O,-0.5");
        SmilesCsvReader.Columns columns = new SmilesCsvReader.Columns("smiles", "name", Map.of("y", "y"));
        ReadResult r = SmilesCsvReader.read(f, columns, OnError.SKIP);
        assertEquals(9, r.recordCount()); // the blank line is no record
        assertEquals(3, r.molecules().size());
        assertEquals(java.util.List.of("ethanol", "quoted, name", "water"),
                r.molecules().stream().map(Molecule::name).toList());
        assertEquals(java.util.List.of(3, 4, 6, 7, 9, 10),
                r.problems().stream().map(ReadProblem::line).toList());
        assertTrue(r.problems().get(0).message().startsWith("invalid SMILES 'C1CC'"), r.problems().get(0).message());
        assertTrue(r.problems().get(1).message().startsWith("invalid SMILES 'Xy(C'"));
        assertTrue(r.problems().get(2).message().contains("expected 3 fields like the header, found 2"));
        assertTrue(r.problems().get(3).message().contains("target y 'abc' is not a number"));
        assertTrue(r.problems().get(4).message().contains("empty SMILES"));
        assertTrue(r.problems().get(5).message().startsWith("invalid SMILES 'c1cccc1'"));

        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> SmilesCsvReader.read(f, columns, OnError.FAIL));
        assertTrue(e.getMessage().startsWith(f + ":3: record 1: invalid SMILES 'C1CC'"), e.getMessage());
    }

    @Test
    void aMissingColumnIsAnErrorEvenWhenSkipping() throws IOException {
        Path f = Data.write(dir, "cols.csv", "name,smi", "a,C");
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> SmilesCsvReader.read(f, SmilesCsvReader.ESOL, OnError.SKIP));
        assertTrue(e.getMessage().contains(":1: no column 'smiles' in the header [name, smi]"), e.getMessage());
    }
}
