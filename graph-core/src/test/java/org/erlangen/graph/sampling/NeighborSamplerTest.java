package org.erlangen.graph.sampling;

import static org.erlangen.graph.sampling.SampledGraphs.random;
import static org.erlangen.graph.sampling.SampledGraphs.range;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.erlangen.graph.Graph;
import org.erlangen.primitives.IntList;
import org.erlangen.kernels.Concurrency;
import org.junit.jupiter.api.Test;

class NeighborSamplerTest {
    private static final Graph GRAPH = random(600, 9000, 7);
    private static final int[] SEEDS = {5, 17, 3, 400, 599, 0, 250};

    @Test
    void eachNodeDrawsAtMostItsHopsFanoutAndExactlyThatWhenItHasEnough() {
        int[] fanouts = {4, 2};
        var sub = NeighborSampler.uniform(GRAPH.adjacency(), fanouts, false).sample(SEEDS, 11, 0);
        int[] inDegrees = GRAPH.inDegrees();
        int[] drawn = new int[sub.nodeCount()];
        for (int r : sub.receivers()) {
            drawn[r]++;
        }
        for (int hop = 0; hop < fanouts.length; hop++) {
            for (int v = sub.nodesWithin(hop) - sub.nodesPerHop()[hop]; v < sub.nodesWithin(hop); v++) {
                int expected = Math.min(fanouts[hop], inDegrees[sub.nodes()[v]]);
                assertEquals(expected, drawn[v], "node " + v + " at hop " + hop);
            }
        }
        // Nodes first reached at the last hop draw nothing.
        for (int v = sub.nodesWithin(fanouts.length - 1); v < sub.nodeCount(); v++) {
            assertEquals(0, drawn[v]);
        }
        assertEquals(sub.edgeCount(), Arrays.stream(sub.edgesPerHop()).sum());
        assertEquals(sub.nodeCount(), Arrays.stream(sub.nodesPerHop()).sum());
    }

    @Test
    void aRefusedBatchLeavesTheSamplerAsItWas() {
        var sampler = NeighborSampler.uniform(GRAPH.adjacency(), new int[] {3, 2}, false);
        var e = assertThrows(IllegalArgumentException.class, () -> sampler.sample(new int[] {4, 9, 4}, 1, 0));
        assertTrue(e.getMessage().contains("seed 4 appears twice (again at position 2)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sampler.sample(new int[] {7, 600}, 1, 0));
        var fresh = NeighborSampler.uniform(GRAPH.adjacency(), new int[] {3, 2}, false).sample(SEEDS, 1, 0);
        var after = sampler.sample(SEEDS, 1, 0);
        assertArrayEquals(fresh.nodes(), after.nodes());
        assertArrayEquals(fresh.senders(), after.senders());
        assertArrayEquals(fresh.receivers(), after.receivers());
    }

    @Test
    void anArrayOverEveryNodeAndAHashMapRelabelAlike() {
        var dense = new LocalIds.Dense(600);
        var hashed = new LocalIds.Hashed(4);
        var order = new IntList(8);
        for (int node : new int[] {599, 0, 17, 300}) {
            for (LocalIds ids : new LocalIds[] {dense, hashed}) {
                assertEquals(-1, ids.get(node));
                ids.put(node, order.size());
            }
            order.add(node);
        }
        for (int i = 0; i < order.size(); i++) {
            assertEquals(i, dense.get(order.get(i)));
            assertEquals(i, hashed.get(order.get(i)));
        }
        dense.clear(order);
        hashed.clear(order);
        for (int node = 0; node < 600; node++) {
            assertEquals(-1, dense.get(node));
            assertEquals(-1, hashed.get(node));
        }
    }

    @Test
    void seedsComeFirstThenEachHopsNewNodes() {
        var sub = NeighborSampler.uniform(GRAPH.adjacency(), new int[] {3, 3}, false).sample(SEEDS, 1, 2);
        assertArrayEquals(SEEDS, Arrays.copyOf(sub.nodes(), SEEDS.length));
        assertEquals(SEEDS.length, sub.seedCount());
        assertEquals(sub.nodeCount(), Arrays.stream(sub.nodes()).distinct().count(), "a node is listed twice");
        int[] receivers = sub.receivers();
        int[] senders = sub.senders();
        for (int hop = 1; hop <= sub.hops(); hop++) {
            for (int e = sub.edgesWithin(hop - 1); e < sub.edgesWithin(hop); e++) {
                assertTrue(receivers[e] < sub.nodesWithin(hop - 1), "hop " + hop + " edge into a later node");
                assertTrue(senders[e] < sub.nodesWithin(hop), "hop " + hop + " edge from a later node");
            }
        }
        for (int e = 1; e < receivers.length; e++) {
            assertTrue(receivers[e - 1] <= receivers[e], "receivers decrease at edge " + e);
        }
    }

    @Test
    void everySampledEdgeMapsBackToAnEdgeOfTheGraph() {
        int[] graphSenders = GRAPH.senders();
        int[] graphReceivers = GRAPH.receivers();
        Set<Long> pairs = new HashSet<>();
        for (int e = 0; e < graphSenders.length; e++) {
            pairs.add(((long) graphSenders[e] << 32) | graphReceivers[e]);
        }
        for (boolean replace : new boolean[] {false, true}) {
            var sub = NeighborSampler.uniform(GRAPH.adjacency(), new int[] {5, 4, 3}, replace).sample(SEEDS, 3, 1);
            assertTrue(sub.edgeCount() > 0);
            for (int e = 0; e < sub.edgeCount(); e++) {
                int s = sub.nodes()[sub.senders()[e]];
                int r = sub.nodes()[sub.receivers()[e]];
                assertTrue(pairs.contains(((long) s << 32) | r), "no edge " + s + " -> " + r);
                assertEquals(graphSenders[sub.edges()[e]], s, "stored edge of edge " + e);
                assertEquals(graphReceivers[sub.edges()[e]], r, "stored edge of edge " + e);
            }
        }
    }

    @Test
    void withoutReplacementNoNeighbourRepeatsAndSmallRowsGiveAll() {
        int[] fanouts = {15, 15};
        var sub = NeighborSampler.uniform(GRAPH.adjacency(), fanouts, false).sample(SEEDS, 5, 0);
        var rows = GRAPH.adjacency().rows();
        for (int v = 0; v < sub.nodesWithin(1); v++) {
            Set<Integer> neighbours = new HashSet<>();
            Set<Integer> entries = new HashSet<>();
            for (int e = 0; e < sub.edgeCount(); e++) {
                if (sub.receivers()[e] == v) {
                    assertTrue(neighbours.add(sub.nodes()[sub.senders()[e]]), "repeated neighbour of " + v);
                    entries.add(sub.edges()[e]);
                }
            }
            int global = sub.nodes()[v];
            if (rows.size(global) <= 15) {
                Set<Integer> all = new HashSet<>();
                for (int k = rows.start(global); k < rows.end(global); k++) {
                    all.add(k);
                }
                assertEquals(all, entries, "node " + global + " of in-degree " + rows.size(global));
            }
        }
    }

    @Test
    void fanoutMinusOneTakesEveryInEdge() {
        var sub = NeighborSampler.uniform(GRAPH.adjacency(), new int[] {-1, -1}, false).sample(SEEDS, 0, 0);
        var rows = GRAPH.adjacency().rows();
        int expected = 0;
        for (int v = 0; v < sub.nodesWithin(1); v++) {
            expected += rows.size(sub.nodes()[v]);
        }
        assertEquals(expected, sub.edgeCount());
        // -1 ignores replacement and weights: it is the full neighbourhood.
        float[] weights = new float[GRAPH.numEdges()];
        var weighted = NeighborSampler.weighted(GRAPH.adjacency(), new int[] {-1, -1}, true, weights)
                .sample(SEEDS, 9, 4);
        assertArrayEquals(sub.nodes(), weighted.nodes());
        assertArrayEquals(sub.edges(), weighted.edges());
    }

    @Test
    void largeFanoutWithoutReplacementDrawsDistinctEntries() {
        Graph star = SampledGraphs.inStar(300);
        var sub = NeighborSampler.uniform(star.adjacency(), new int[] {100}, false).sample(new int[] {0}, 2, 0);
        assertEquals(100, sub.edgeCount());
        assertEquals(100, Arrays.stream(sub.edges()).distinct().count());
        assertEquals(101, sub.nodeCount());
    }

    @Test
    void layerSpansTrimToWhatTheNextLayerReads() {
        var sub = NeighborSampler.uniform(GRAPH.adjacency(), new int[] {5, 3}, false).sample(SEEDS, 8, 0);
        assertEquals(new LayerSpan(sub.nodeCount(), sub.edgeCount(), sub.nodesWithin(1)), sub.layer(0));
        assertEquals(new LayerSpan(sub.nodesWithin(1), sub.edgesPerHop()[0], SEEDS.length), sub.layer(1));
        for (int layer = 0; layer < sub.hops(); layer++) {
            var span = sub.layer(layer);
            for (int e = 0; e < span.edges(); e++) {
                assertTrue(sub.receivers()[e] < span.outputNodes());
                assertTrue(sub.senders()[e] < span.inputNodes());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> sub.layer(2));
    }

    @Test
    void sameSeedGivesSameBatchesAtAnyConcurrencyAndOnEveryCall() {
        Graph big = random(20_000, 200_000, 3);
        int[] seeds = range(0, 3000);
        float[] weights = new float[big.numEdges()];
        for (int e = 0; e < weights.length; e++) {
            weights[e] = 1 + e % 5;
        }
        NeighborSampler[] samplers = {
            NeighborSampler.uniform(big.adjacency(), new int[] {10, 5}, false),
            NeighborSampler.uniform(big.adjacency(), new int[] {10, 5}, true),
            NeighborSampler.weighted(big.adjacency(), new int[] {10, 5}, false, weights),
            NeighborSampler.weighted(big.adjacency(), new int[] {10, 5}, true, weights),
        };
        for (var sampler : samplers) {
            SampledSubgraph one;
            SampledSubgraph four;
            try (var scope = Concurrency.scope(1)) {
                one = sampler.sample(seeds, 42, 3);
            }
            try (var scope = Concurrency.scope(4)) {
                four = sampler.sample(seeds, 42, 3);
            }
            assertSame(one, four);
            assertSame(one, sampler.sample(seeds, 42, 3));
            assertFalse(Arrays.equals(one.edges(), sampler.sample(seeds, 42, 4).edges()), "epochs draw alike");
            assertFalse(Arrays.equals(one.edges(), sampler.sample(seeds, 43, 3).edges()), "seeds draw alike");
        }
    }

    @Test
    void aNodesDrawDoesNotDependOnTheRestOfTheBatch() {
        var sampler = NeighborSampler.uniform(GRAPH.adjacency(), new int[] {4}, false);
        var alone = sampler.sample(new int[] {17}, 6, 2);
        var inBatch = sampler.sample(SEEDS, 6, 2);
        int[] receivers = GRAPH.receivers();
        int[] inBatchOf17 = Arrays.stream(inBatch.edges()).filter(e -> receivers[e] == 17).toArray();
        assertEquals(4, alone.edgeCount());
        assertArrayEquals(alone.edges(), inBatchOf17);
    }

    @Test
    void preconditionsNameTheOffendingValue() {
        var adjacency = GRAPH.adjacency();
        var fanout = assertThrows(IllegalArgumentException.class,
                () -> NeighborSampler.uniform(adjacency, new int[] {5, -2}, false));
        assertTrue(fanout.getMessage().contains("-2"), fanout.getMessage());
        var sampler = NeighborSampler.uniform(adjacency, new int[] {5}, false);
        var seed = assertThrows(IllegalArgumentException.class, () -> sampler.sample(new int[] {1, 600}, 0, 0));
        assertTrue(seed.getMessage().contains("600"), seed.getMessage());
        var negative = assertThrows(IllegalArgumentException.class, () -> sampler.sample(new int[] {-1}, 0, 0));
        assertTrue(negative.getMessage().contains("-1"), negative.getMessage());
        var twice = assertThrows(IllegalArgumentException.class, () -> sampler.sample(new int[] {4, 9, 4}, 0, 0));
        assertTrue(twice.getMessage().contains("seed 4"), twice.getMessage());
        var length = assertThrows(IllegalArgumentException.class,
                () -> NeighborSampler.weighted(adjacency, new int[] {5}, false, new float[3]));
        assertTrue(length.getMessage().contains("3 edge weights"), length.getMessage());
        float[] weights = new float[GRAPH.numEdges()];
        weights[12] = -0.5f;
        var weight = assertThrows(IllegalArgumentException.class,
                () -> NeighborSampler.weighted(adjacency, new int[] {5}, false, weights));
        assertTrue(weight.getMessage().contains("-0.5"), weight.getMessage());
        weights[12] = Float.NaN;
        assertThrows(IllegalArgumentException.class,
                () -> NeighborSampler.weighted(adjacency, new int[] {5}, false, weights));
    }

    private static void assertSame(SampledSubgraph a, SampledSubgraph b) {
        assertArrayEquals(a.nodes(), b.nodes());
        assertArrayEquals(a.senders(), b.senders());
        assertArrayEquals(a.receivers(), b.receivers());
        assertArrayEquals(a.edges(), b.edges());
        assertArrayEquals(a.nodesPerHop(), b.nodesPerHop());
        assertArrayEquals(a.edgesPerHop(), b.edgesPerHop());
    }
}
