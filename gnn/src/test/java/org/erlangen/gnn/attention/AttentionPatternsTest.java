package org.erlangen.gnn.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.erlangen.sparse.Csr;
import org.erlangen.sparse.Segments;
import org.junit.jupiter.api.Test;

class AttentionPatternsTest {
    private static List<String> pairs(Csr csr) {
        List<String> out = new ArrayList<>();
        int[] rows = csr.rowOfEntries();
        for (int e = 0; e < csr.entryCount(); e++) {
            out.add(rows[e] + "<-" + csr.col(e));
        }
        return out;
    }

    @Test
    void withinHoldsAllPairsOfEachSetAndNoOthers() {
        AttentionPatterns p = AttentionPatterns.of(Segments.ofSizes(new int[] {2, 0, 1, 3}));
        assertEquals(List.of("0<-0", "0<-1", "1<-0", "1<-1", "2<-2", "3<-3", "3<-4", "3<-5", "4<-3", "4<-4", "4<-5",
                "5<-3", "5<-4", "5<-5"), pairs(p.within()));
        assertEquals(6, p.within().rowCount());
        assertEquals(6, p.within().colCount());
        assertSame(p.within(), p.within(), "built once per batch");
    }

    @Test
    void seedsAttendToTheirSetAndElementsToTheirSeeds() {
        AttentionPatterns p = AttentionPatterns.of(Segments.ofSizes(new int[] {2, 0, 1}));
        // two seeds per set: rows 0,1 for set 0, rows 2,3 for the empty set 1, rows 4,5 for set 2
        assertEquals(List.of("0<-0", "0<-1", "1<-0", "1<-1", "4<-2", "5<-2"), pairs(p.seedsToElements(2)));
        assertEquals(6, p.seedsToElements(2).rowCount());
        assertEquals(List.of("0<-0", "0<-1", "1<-0", "1<-1", "2<-4", "2<-5"), pairs(p.elementsToSeeds(2)));
        assertEquals(6, p.elementsToSeeds(2).colCount());
        assertArrayEquals(new int[] {0, 1, 0, 1, 0, 1}, p.seedIndex(2));
        assertSame(p.seedsToElements(2), p.seedsToElements(2));
    }

    @Test
    void refusesMismatchedSetCountsAndNoSeeds() {
        var e = assertThrows(IllegalArgumentException.class, () -> AttentionPatterns.between(
                Segments.ofSizes(new int[] {1, 2}), Segments.ofSizes(new int[] {3})));
        assertEquals("queries have 2 sets but keys have 1", e.getMessage());
        AttentionPatterns p = AttentionPatterns.of(Segments.ofSizes(new int[] {1}));
        assertThrows(IllegalArgumentException.class, () -> p.seedsToElements(0));
    }
}
