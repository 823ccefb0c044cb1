package org.erlangen.gnn.molecules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.erlangen.io.DatasetFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XyzReaderTest {
    @TempDir
    Path dir;

    private static final String[] WATER = {"3", "water", "O 0.0 0.0 0.1173", "H 0.0 0.7572 -0.4692",
        "H 0.0 -0.7572 -0.4692"};

    private static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    @Test
    void readsFramesWithElementsPositionsAndNames() throws IOException {
        Path f = Data.write(dir, "two.xyz", concat(WATER, new String[] {"2", " hydrogen chloride ", " Cl 0 0 0",
            "h 0 0 1.27 extra columns are ignored"}));
        ReadResult r = XyzReader.read(f, OnError.FAIL);
        assertEquals(2, r.recordCount());
        assertTrue(r.problems().isEmpty());
        Molecule water = r.molecules().get(0);
        assertEquals("water", water.name());
        assertArrayEquals(new int[] {8, 1, 1}, water.atomicNumbers());
        assertArrayEquals(new double[] {0.0, 0.7572, -0.4692}, water.positions()[1], 0.0);
        assertNull(water.bonds());
        Molecule hcl = r.molecules().get(1);
        assertEquals("hydrogen chloride", hcl.name());
        assertArrayEquals(new int[] {17, 1}, hcl.atomicNumbers());
        assertEquals("Cl", hcl.symbol(0));
        assertArrayEquals(new int[] {0, 1}, r.records());
    }

    @Test
    void badCoordinatesAreReportedWithTheirLineAndSkipped() throws IOException {
        String[] bad = {"2", "broken", "C 0 0 0", "O 0 zero 1.2"};
        Path f = Data.write(dir, "bad.xyz", concat(WATER, bad, WATER));
        ReadResult r = XyzReader.read(f, OnError.SKIP);
        assertEquals(3, r.recordCount());
        assertEquals(2, r.molecules().size());
        assertArrayEquals(new int[] {0, 2}, r.records());
        ReadProblem p = r.problems().get(0);
        assertEquals(1, p.record());
        assertEquals(9, p.line());
        assertTrue(p.message().contains("coordinate 'zero' is not a finite number"), p.message());

        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> XyzReader.read(f, OnError.FAIL));
        assertTrue(e.getMessage().startsWith(f + ":9: record 1: coordinate 'zero'"), e.getMessage());
        assertEquals(9, e.line());

        Path nan = Data.write(dir, "nan.xyz", "1", "", "C NaN 0 0");
        assertTrue(XyzReader.read(nan, OnError.SKIP).problems().get(0).message().contains("'NaN' is not a finite"));
    }

    @Test
    void aCountLargerThanTheAtomLinesIsCaughtAndTheNextFrameStillRead() throws IOException {
        String[] tooMany = {"4", "says four", "C 0 0 0", "O 0 0 1.2", "O 0 0 -1.2"};
        Path f = Data.write(dir, "count.xyz", concat(tooMany, WATER));
        ReadResult r = XyzReader.read(f, OnError.SKIP);
        assertEquals(2, r.recordCount());
        assertEquals(1, r.molecules().size());
        assertEquals("water", r.molecules().get(0).name());
        assertArrayEquals(new int[] {1}, r.records());
        ReadProblem p = r.problems().get(0);
        assertEquals(0, p.record());
        assertEquals(6, p.line()); // the next frame's count line, read as atom 4
        assertTrue(p.message().contains("expected atom 4 of 4 as 'symbol x y z', found '3'"), p.message());
    }

    @Test
    void aCountSmallerThanTheAtomLinesIsCaught() throws IOException {
        String[] tooFew = {"2", "says two", "C 0 0 0", "O 0 0 1.2", "O 0 0 -1.2"};
        Path f = Data.write(dir, "few.xyz", concat(WATER, tooFew, WATER));
        ReadResult r = XyzReader.read(f, OnError.SKIP);
        assertEquals(3, r.recordCount());
        assertArrayEquals(new int[] {0, 2}, r.records());
        ReadProblem p = r.problems().get(0);
        assertEquals(1, p.record());
        assertEquals(10, p.line());
        assertTrue(p.message().contains("declares 2 atoms, but line 10 is not the atom count of a next frame"),
                p.message());
    }

    @Test
    void unknownElementsBadCountsAndTruncatedFramesAreProblems() throws IOException {
        Path f = Data.write(dir, "mixed.xyz", concat(new String[] {"three"}, new String[] {"1", "", "Xq 0 0 0"},
                WATER, new String[] {"5", "cut short", "C 0 0 0"}));
        ReadResult r = XyzReader.read(f, OnError.SKIP);
        assertEquals(4, r.recordCount());
        assertEquals(1, r.molecules().size());
        assertArrayEquals(new int[] {2}, r.records());
        assertEquals(3, r.problems().size());
        assertTrue(r.problems().get(0).message().contains("expected the atom count of a frame"));
        assertEquals(1, r.problems().get(0).line());
        assertTrue(r.problems().get(1).message().contains("unknown element 'Xq'"));
        assertEquals(4, r.problems().get(1).line());
        assertTrue(r.problems().get(2).message().contains("file ends inside a frame of 5 atoms"));
        assertEquals(12, r.problems().get(2).line());
        assertEquals(r.recordCount(), r.molecules().size() + r.problems().size());
    }
}
