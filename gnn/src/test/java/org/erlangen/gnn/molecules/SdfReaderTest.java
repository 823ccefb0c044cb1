package org.erlangen.gnn.molecules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.erlangen.io.DatasetFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SdfReaderTest {
    @TempDir
    Path dir;

    /** Propanol as an SD record with fields; a header, counts, 4 atoms and 3 bonds. */
    private static List<String> propanol(String sol) {
        return List.of("propanol", "  test", "",
                "  4  3  0  0  0  0            999 V2000",
                "    0.0000    0.0000    0.0000 C   0  0",
                "    1.3000    0.7500    0.0000 C   0  0",
                "    2.6000    0.0000    0.0000 C   0  0",
                "    3.9000    0.7500    0.0000 O   0  0",
                "  1  2  1  0", "  2  3  1  0", "  3  4  1  0",
                "M  END", ">  <NAME>  (1) ", "1-propanol", "", ">  <SOL>", sol, "", "$$$$");
    }

    private Path file(String name, List<List<String>> records) throws IOException {
        return Data.write(dir, name, records.stream().flatMap(List::stream).toArray(String[]::new));
    }

    @Test
    void readsHuuskonenTrainAndTest() throws IOException {
        Path folder = Data.shared("huuskonen-solubility");
        ReadResult train = SdfReader.huuskonen(folder.resolve("solubility.train.sdf"), OnError.FAIL);
        ReadResult test = SdfReader.huuskonen(folder.resolve("solubility.test.sdf"), OnError.FAIL);
        assertEquals(1025, train.molecules().size());
        assertEquals(257, test.molecules().size());
        Molecule first = test.molecules().get(0);
        assertEquals("3-methylpentane", first.name());
        assertEquals(-3.68, first.target(SdfReader.LOG_SOLUBILITY), 0.0);
        assertEquals(6, first.atomCount());
        assertNull(first.positions(), "2D depictions give no 3D positions");
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (Molecule m : train.molecules()) {
            min = Math.min(min, m.target(SdfReader.LOG_SOLUBILITY));
            max = Math.max(max, m.target(SdfReader.LOG_SOLUBILITY));
        }
        assertEquals(-11.62, min, 1e-9);
        assertEquals(1.58, max, 1e-9);
    }

    @Test
    void aTruncatedLastRecordIsReportedWithItsRecordAndLine() throws IOException {
        List<String> cut = propanol("0.62").subList(0, 6); // header, counts and two atom lines
        Path f = file("cut.sdf", List.of(propanol("0.62"), cut));
        ReadResult r = SdfReader.read(f, SdfReader.HUUSKONEN, OnError.SKIP);
        assertEquals(2, r.recordCount());
        assertEquals(1, r.molecules().size());
        assertEquals("1-propanol", r.molecules().get(0).name());
        assertEquals(0.62, r.molecules().get(0).target(SdfReader.LOG_SOLUBILITY));
        ReadProblem p = r.problems().get(0);
        assertEquals(1, p.record());
        assertEquals(20, p.line()); // the record starts after the first one's 19 lines
        assertTrue(p.message().startsWith("truncated record: no 'M  END'"), p.message());

        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> SdfReader.read(f, SdfReader.HUUSKONEN, OnError.FAIL));
        assertTrue(e.getMessage().startsWith(f + ":20: record 1: truncated record"), e.getMessage());
    }

    @Test
    void missingAtomLinesMissingFieldsAndBadValuesAreProblems() throws IOException {
        List<String> good = propanol("0.62");
        List<String> shortTable = new java.util.ArrayList<>(good);
        shortTable.remove(7); // the oxygen line; counts still say 4 atoms
        List<String> noSol = new java.util.ArrayList<>(good.subList(0, 15));
        noSol.add("$$$$");
        List<String> badSol = propanol("high");
        List<String> badAtom = new java.util.ArrayList<>(good);
        badAtom.set(5, "    1.3000    0.7500    0.0000 Qq  0  0");
        Path f = file("mixed.sdf", List.of(good, shortTable, noSol, badSol, badAtom, good));
        ReadResult r = SdfReader.read(f, SdfReader.HUUSKONEN, OnError.SKIP);
        assertEquals(6, r.recordCount());
        assertEquals(2, r.molecules().size());
        int[] records = r.records();
        assertEquals(0, records[0]);
        assertEquals(5, records[1]);
        List<ReadProblem> p = r.problems();
        assertEquals(4, p.size());
        assertTrue(p.get(0).message().contains("counts line declares 4 atoms and 3 bonds, but only 6 lines"),
                p.get(0).message());
        assertTrue(p.get(1).message().contains("no data field <SOL>"), p.get(1).message());
        assertTrue(p.get(2).message().contains("data field <SOL> 'high' is not a finite number"),
                p.get(2).message());
        // records of 19, 18 and 16 lines come first; the SOL value is line 17 of record 3
        assertEquals(19 + 18 + 16 + 17, p.get(2).line());
        assertTrue(p.get(3).message().contains("molfile refused by CDK") || p.get(3).message().contains("Qq"),
                p.get(3).message());
    }
}
