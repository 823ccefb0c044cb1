package org.erlangen.neo4j.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The in-degree histogram and what fanouts draw from it. */
class InDegreesTest {

    @Test
    void countsNodesPerInDegreeAndTheEdgesLeavingThem() {
        // 0->1, 0->2, 1->2, 3->2, 2->0: in-degrees 1, 1, 3, 0
        var d = InDegrees.of(new int[] {0, 0, 1, 3, 2}, new int[] {1, 2, 2, 2, 0}, 4);
        assertArrayEquals(new int[] {0, 1, 3}, d.degrees());
        assertArrayEquals(new long[] {1, 2, 1}, d.nodes());
        assertArrayEquals(new long[] {1, 3, 1}, d.outEdges());
        assertEquals(4, d.nodeCount());
        // min(2, d) over nodes: (0 + 1 + 1 + 2) / 4; over senders of edges: (0 + 3 * 1 + 2) / 5
        assertEquals(1.0, d.seedDraws(2), 1e-12);
        assertEquals(1.0, d.reachedDraws(2), 1e-12);
        // -1 draws every in-edge: the mean in-degree, and its mean over the senders
        assertEquals(5.0 / 4, d.seedDraws(-1), 1e-12);
        assertEquals(6.0 / 5, d.reachedDraws(-1), 1e-12);
        assertEquals(0, d.seedDraws(0), 1e-12);
    }

    @Test
    void aHubBeyondTheDenseRangeKeepsItsDegree() {
        int edges = 70_000;
        int[] senders = new int[edges];
        int[] receivers = new int[edges];
        for (int e = 0; e < edges; e++) {
            senders[e] = 1 + e % 10;
        }
        var d = InDegrees.of(senders, receivers, 11);
        assertArrayEquals(new int[] {0, edges}, d.degrees());
        assertArrayEquals(new long[] {10, 1}, d.nodes());
        assertArrayEquals(new long[] {edges, 0}, d.outEdges());
        assertEquals(edges / 11.0, d.seedDraws(-1), 1e-9);
        assertEquals(25.0 / 11, d.seedDraws(25), 1e-12);
    }

    @Test
    void drawsSpreadOverNodesAsTheirOutEdgesDo() {
        // every node sends 3 edges: draws fall uniformly, n (1 - exp(-draws / n)) distinct nodes
        int n = 100;
        int[] senders = new int[3 * n];
        int[] receivers = new int[3 * n];
        for (int e = 0; e < senders.length; e++) {
            senders[e] = e % n;
            receivers[e] = (e * 7) % n;
        }
        var d = InDegrees.of(senders, receivers, n);
        assertEquals(n * -Math.expm1(-50.0 / n), d.reached(50), 1e-9);
        // 0->1, 0->2, 0->3, 1->2 of 5 nodes: nodes of in-degree 0 (0 and 4) send 3 of the 4 edges, of in-degree 1
        // (1 and 3) one, node 2 (in-degree 2) none; each node counted at its degree's mean, 1.5 and 0.5 edges
        var star = InDegrees.of(new int[] {0, 0, 0, 1}, new int[] {1, 2, 3, 2}, 5);
        assertEquals(2 * -Math.expm1(-1.5 / 4) + 2 * -Math.expm1(-0.5 / 4), star.reached(1), 1e-12);
        assertEquals(4, star.reached(1e6), 1e-9); // node 2 is never reached
    }

    @Test
    void aCounterTakesNodesInAnyOrderAndRefusesNegativeDegrees() {
        var counter = new InDegrees.Counter();
        counter.node(2, 1);
        counter.node(100_000, 4);
        counter.node(0, 0);
        counter.node(2, 3);
        var d = counter.histogram();
        assertEquals("[0, 2, 100000]", Arrays.toString(d.degrees()));
        assertArrayEquals(new long[] {1, 2, 1}, d.nodes());
        assertArrayEquals(new long[] {0, 4, 4}, d.outEdges());
        var e = assertThrows(IllegalArgumentException.class, () -> counter.node(-1, 0));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }
}
