package org.erlangen.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class RandomGraphsTest {
    private static long[] pairs(Graph g) {
        int[] s = g.senders();
        int[] r = g.receivers();
        long[] keys = new long[s.length];
        for (int e = 0; e < s.length; e++) {
            keys[e] = ((long) s[e] << 32) | r[e];
        }
        Arrays.sort(keys);
        return keys;
    }

    @Test
    void directedGraphHasDistinctEdgesWithoutSelfLoops() {
        Graph g = RandomGraphs.of(50, 600).nodeFeatures(7).seed(3).build();
        assertEquals(50, g.numNodes());
        assertEquals(600, g.numEdges());
        long[] keys = pairs(g);
        for (int e = 0; e < keys.length; e++) {
            assertNotEquals(keys[e] >>> 32, keys[e] & 0xffffffffL, "self loop");
            assertTrue(e == 0 || keys[e] != keys[e - 1], "duplicate edge");
        }
        assertArrayEquals(new long[] {50, 7}, g.nodeFeatures().shape());
        assertEquals(DataType.FLOAT, g.nodeFeatures().dataType());
        assertTrue(g.nodeFeatures().minNumber().doubleValue() >= -1);
        assertTrue(g.nodeFeatures().maxNumber().doubleValue() < 1);
        // Roughly centred, so not all one sign.
        assertTrue(Math.abs(g.nodeFeatures().meanNumber().doubleValue()) < 0.2);
    }

    @Test
    void symmetricGraphHasEveryEdgeBothWays() {
        Graph g = RandomGraphs.of(30, 200).symmetric(true).seed(8).build();
        assertEquals(200, g.numEdges());
        long[] keys = pairs(g);
        for (long k : keys) {
            long reverse = ((k & 0xffffffffL) << 32) | (k >>> 32);
            assertTrue(Arrays.binarySearch(keys, reverse) >= 0, "missing reverse of " + (k >>> 32) + " -> "
                    + (k & 0xffffffffL));
        }
        assertArrayEquals(g.inDegrees(), g.outDegrees());
        assertNull(g.nodeFeatures());
    }

    @Test
    void seededAndReproducible() {
        Graph a = RandomGraphs.of(100, 500).nodeFeatures(3).seed(1).build();
        Graph b = RandomGraphs.of(100, 500).nodeFeatures(3).seed(1).build();
        Graph c = RandomGraphs.of(100, 500).nodeFeatures(3).seed(2).build();
        assertArrayEquals(a.senders(), b.senders());
        assertArrayEquals(a.receivers(), b.receivers());
        assertEquals(a.nodeFeatures(), b.nodeFeatures());
        assertFalse(Arrays.equals(pairs(a), pairs(c)));
    }

    @Test
    void completeGraphAndImpossibleRequests() {
        Graph full = RandomGraphs.of(6, 30).seed(0).build();
        assertEquals(30, pairs(full).length);
        assertThrows(IllegalArgumentException.class, () -> RandomGraphs.of(6, 31).build());
        assertThrows(IllegalArgumentException.class, () -> RandomGraphs.of(6, 32).symmetric(true).build());
        assertThrows(IllegalArgumentException.class, () -> RandomGraphs.of(6, 5).symmetric(true).build());
    }

    @Test
    void benchmarkSizedGraphIsFast() {
        long start = System.nanoTime();
        Graph g = RandomGraphs.of(100_000, 1_000_000).symmetric(true).nodeFeatures(16).seed(5).build();
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(1_000_000, g.numEdges());
        assertEquals(100_000, g.numNodes());
        assertTrue(ms < 5000, "building took " + ms + " ms");
    }
}
