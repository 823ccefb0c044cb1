package org.erlangen.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.erlangen.gnn.links.Pairs;
import org.erlangen.graph.Graph;
import org.junit.jupiter.api.Test;

class LinkHoldoutTest {
    /** A ring of 60 nodes with chords to the node 7 further on: 120 distinct undirected links. */
    private static long[] ring() {
        return IntStream.range(0, 60).boxed().flatMapToLong(v -> Arrays.stream(new long[] {
                Pairs.unordered(v, (v + 1) % 60), Pairs.unordered(v, (v + 7) % 60)})).sorted().distinct().toArray();
    }

    @Test
    void eachUndirectedLinkOnceWithoutSelfLoops() {
        // 0-1 both ways, 2->1 one way, a self loop at 3
        Graph g = Graph.builder(4).edges(new int[] {0, 1, 2, 3}, new int[] {1, 0, 1, 3}).build();
        assertArrayEquals(new long[] {Pairs.pack(0, 1), Pairs.pack(1, 2)}, LinkHoldout.undirectedPairs(g));
    }

    @Test
    void holdsOutTestLinksAndAsManyNonLinks() {
        long[] pairs = ring();
        assertEquals(120, pairs.length);
        LinkHoldout h = LinkHoldout.of(60, pairs, 0.1, 5);
        assertEquals(12, h.test().length);
        assertEquals(108, h.train().length);
        assertEquals(12, h.negatives().length);
        Set<Long> train = new HashSet<>();
        Arrays.stream(h.train()).forEach(train::add);
        Set<Long> all = new HashSet<>(train);
        for (long t : h.test()) {
            assertFalse(train.contains(t), "a test link is also a training link");
            all.add(t);
        }
        assertEquals(Arrays.stream(pairs).boxed().collect(Collectors.toSet()), all);
        Set<Long> known = new HashSet<>(all);
        for (long n : h.negatives()) {
            int a = Pairs.source(n);
            int b = Pairs.target(n);
            assertTrue(a < b, "non-link (" + a + ", " + b + ") is not in unordered form or is a self loop");
            assertTrue(b < 60);
            assertFalse(known.contains(n), "non-link (" + a + ", " + b + ") is a link");
        }
    }

    @Test
    void theSameSeedGivesTheSameHoldout() {
        long[] pairs = ring();
        LinkHoldout a = LinkHoldout.of(60, pairs, 0.2, 9);
        LinkHoldout b = LinkHoldout.of(60, pairs, 0.2, 9);
        LinkHoldout c = LinkHoldout.of(60, pairs, 0.2, 10);
        assertArrayEquals(a.test(), b.test());
        assertArrayEquals(a.negatives(), b.negatives());
        assertFalse(Arrays.equals(a.test(), c.test()), "another seed held out the same links");
    }

    @Test
    void refusesAFractionOutsideZeroToOne() {
        var e = assertThrows(IllegalArgumentException.class, () -> LinkHoldout.of(60, ring(), 0, 1));
        assertTrue(e.getMessage().contains("0.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LinkHoldout.of(60, ring(), 1, 1));
    }
}
