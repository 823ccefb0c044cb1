package org.erlangen.gnn.molecules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.erlangen.io.DatasetFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Qm7ReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsAll7101MoleculesWithTheAtomTotalsOfSourceMd() throws IOException {
        ReadResult r = Qm7Reader.read(Data.shared("qm7-qml"), OnError.FAIL);
        assertEquals(7101, r.recordCount());
        assertEquals(7101, r.molecules().size());
        long[] totals = new long[17];
        int maxHeavy = 0;
        int maxAtoms = 0;
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        double sum = 0;
        for (Molecule m : r.molecules()) {
            int heavy = 0;
            for (int z : m.atomicNumbers()) {
                totals[z]++;
                heavy += z > 1 ? 1 : 0;
            }
            maxHeavy = Math.max(maxHeavy, heavy);
            maxAtoms = Math.max(maxAtoms, m.atomCount());
            double e = m.target(Qm7Reader.PBE0);
            min = Math.min(min, e);
            max = Math.max(max, e);
            sum += e;
        }
        assertEquals(61_340, totals[1]);
        assertEquals(35_425, totals[6]);
        assertEquals(6_600, totals[7]);
        assertEquals(5_937, totals[8]);
        assertEquals(298, totals[16]);
        assertEquals(61_340 + 35_425 + 6_600 + 5_937 + 298, java.util.Arrays.stream(totals).sum());
        assertEquals(7, maxHeavy);
        assertEquals(23, maxAtoms);
        assertEquals(-2188.25, min, 1e-9);
        assertEquals(-403.695, max, 1e-9);
        assertEquals(-1536.3, sum / 7101, 0.05);

        Molecule methane = r.molecules().get(0);
        assertEquals("qm7/0001.xyz", methane.name());
        assertArrayEquals(new int[] {6, 1, 1, 1, 1}, methane.atomicNumbers());
        assertEquals(-417.031, methane.target(Qm7Reader.PBE0), 0.0);
        assertEquals(-431.787271961, methane.target(Qm7Reader.DFTB3), 0.0);
        assertArrayEquals(new double[] {1.041682, -0.056200, -0.071481}, methane.positions()[0], 0.0);
    }

    @Test
    void aBadEnergyLineSkipsItsMoleculeAndAMismatchedFileIsRefused() throws IOException {
        Path xyz = Data.write(dir, "m.xyz", "1", "", "C 0 0 0", "2", "", "H 0 0 0", "H 0 0 0.74", "1", "", "O 0 0 0");
        Path energies = Data.write(dir, "e.txt", "a.xyz -1.0 -2.0", "b.xyz oops -2.0", "c.xyz -3.0 -4.0");
        ReadResult r = Qm7Reader.read(xyz, energies, OnError.SKIP);
        assertEquals(3, r.recordCount());
        assertArrayEquals(new int[] {0, 2}, r.records());
        assertEquals("c.xyz", r.molecules().get(1).name());
        assertEquals(-3.0, r.molecules().get(1).target(Qm7Reader.PBE0));
        ReadProblem p = r.problems().get(0);
        assertEquals(1, p.record());
        assertEquals(2, p.line());
        assertTrue(p.message().contains("pbe0 energy 'oops' is not a finite number"), p.message());
        assertTrue(p.source().endsWith("e.txt"));

        DatasetFormatException fail = assertThrows(DatasetFormatException.class,
                () -> Qm7Reader.read(xyz, energies, OnError.FAIL));
        assertTrue(fail.getMessage().contains("e.txt:2: record 1"), fail.getMessage());

        Path short2 = Data.write(dir, "short.txt", "a.xyz -1.0 -2.0", "b.xyz -1.5 -2.0");
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> Qm7Reader.read(xyz, short2, OnError.SKIP));
        assertTrue(e.getMessage().contains("has 2 energy lines but"), e.getMessage());
        assertTrue(e.getMessage().contains("has 3 frames"), e.getMessage());
    }

    @Test
    void badFramesKeepTheirEnergyLine() throws IOException {
        Path xyz = Data.write(dir, "m.xyz", "1", "", "C 0 0 0", "2", "", "H 0 0 0", "H 0 0 x", "1", "", "O 0 0 0");
        Path energies = Data.write(dir, "e.txt", "a.xyz -1.0 -2.0", "b.xyz -2.0 -2.0", "c.xyz -3.0 -4.0");
        ReadResult r = Qm7Reader.read(xyz, energies, OnError.SKIP);
        assertEquals(2, r.molecules().size());
        assertEquals(-3.0, r.molecules().get(1).target(Qm7Reader.PBE0), "frame 2 pairs with line 3");
        assertEquals(1, r.problems().size());
        assertEquals(7, r.problems().get(0).line());
    }
}
