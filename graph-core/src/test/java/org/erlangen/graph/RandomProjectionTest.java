package org.erlangen.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.erlangen.kernels.Concurrency;
import org.erlangen.testing.Permutations;
import org.junit.jupiter.api.Test;

/** FastRP's encoding: its definition on a small graph, keys, symmetry, determinism. */
class RandomProjectionTest {
    private static final int D = 64;

    private static Graph undirected(int n, int[][] edges) {
        int[] s = new int[2 * edges.length];
        int[] r = new int[2 * edges.length];
        for (int e = 0; e < edges.length; e++) {
            s[2 * e] = edges[e][0];
            r[2 * e] = edges[e][1];
            s[2 * e + 1] = edges[e][1];
            r[2 * e + 1] = edges[e][0];
        }
        return Graph.builder(n).edges(s, r).build();
    }

    private static float[] row(float[] rows, int v) {
        return Arrays.copyOfRange(rows, v * D, (v + 1) * D);
    }

    @Test
    void followsItsDefinitionOnAPath() {
        // path 0 - 1 - 2 and an isolated node 3; one iteration of weight 1: each row is its neighbours' starts, summed
        // and brought to unit length
        Graph g = undirected(4, new int[][] {{0, 1}, {1, 2}});
        float[] starts = new RandomProjection(D, 7, new double[] {1, 0}).encode(
                Graph.builder(4).edges(new int[] {0, 1, 2, 3}, new int[] {0, 1, 2, 3}).build().adjacency(), null);
        // self loops are left out, so a graph of loops alone encodes to zeros
        for (float v : starts) {
            assertEquals(0f, v);
        }
        float[] one = new RandomProjection(D, 7, new double[] {1}).encode(g.adjacency(), null);
        float[] two = new RandomProjection(D, 7, new double[] {0, 1}).encode(g.adjacency(), null);
        // node 0's only neighbour is 1, as is node 2's: identical neighbourhoods, identical rows
        assertArrayEquals(row(one, 0), row(one, 2));
        // the second iteration at node 0 sums its neighbour's first: node 1's row, already of unit length
        assertArrayEquals(row(one, 1), row(two, 0), 1e-6f);
        for (int v = 0; v < 3; v++) {
            assertEquals(1.0, norm(row(one, v)), 1e-5, "row " + v);
        }
        assertEquals(0.0, norm(row(one, 3)), "an isolated node has no neighbourhood");
        // starting vectors are sparse: one entry in three is +-1; node 0's row is node 1's start, normalised
        long zeros = 0;
        for (float v : row(one, 0)) {
            zeros += v == 0 ? 1 : 0;
        }
        assertTrue(zeros > D / 3 && zeros < D, "zeros " + zeros);
    }

    @Test
    void theDefaultSumsTheTwoAndThreeHopIterations() {
        Graph g = RandomGraphs.of(30, 80).symmetric(true).seed(3).build();
        float[] byDefault = new RandomProjection(D, 11).encode(g.adjacency(), null);
        float[] explicit = new RandomProjection(D, 11, new double[] {0, 1, 1}).encode(g.adjacency(), null);
        assertArrayEquals(explicit, byDefault);
        float[] second = new RandomProjection(D, 11, new double[] {0, 1, 0}).encode(g.adjacency(), null);
        float[] third = new RandomProjection(D, 11, new double[] {0, 0, 1}).encode(g.adjacency(), null);
        for (int k = 0; k < byDefault.length; k++) {
            assertEquals(second[k] + third[k], byDefault[k], 1e-6);
        }
    }

    @Test
    void renamingNodesWithTheirKeysPermutesTheRows() {
        Graph g = RandomGraphs.of(50, 200).symmetric(true).seed(5).build();
        int n = g.numNodes();
        long[] keys = new Random(9).longs(n).toArray();
        int[] perm = Permutations.random(n, new Random(2));
        Graph renamed = Permutations.graph(g, perm, new Random(4));
        long[] renamedKeys = new long[n];
        for (int v = 0; v < n; v++) {
            renamedKeys[perm[v]] = keys[v];
        }
        RandomProjection projection = new RandomProjection(D, 42);
        float[] before = projection.encode(g.adjacency(), keys);
        float[] after = projection.encode(renamed.adjacency(), renamedKeys);
        for (int v = 0; v < n; v++) {
            assertArrayEquals(row(before, v), row(after, perm[v]), 1e-5f, "node " + v);
        }
        // without the keys a node's start follows its index, so renaming changes the encoding
        assertFalse(Arrays.equals(row(projection.encode(renamed.adjacency(), null), perm[0]), row(before, 0)));
    }

    @Test
    void theSeedDecidesAndThreadsDoNot() {
        Graph g = RandomGraphs.of(400, 3000).symmetric(true).seed(8).build();
        float[] a = new RandomProjection(D, 1).encode(g.adjacency(), null);
        float[] single;
        try (var one = Concurrency.scope(1)) {
            single = new RandomProjection(D, 1).encode(g.adjacency(), null);
        }
        assertArrayEquals(a, single);
        assertFalse(Arrays.equals(a, new RandomProjection(D, 2).encode(g.adjacency(), null)));
    }

    @Test
    void refusesWhatItCannotEncode() {
        Graph g = RandomGraphs.of(5, 6).seed(1).build();
        assertThrows(IllegalArgumentException.class, () -> new RandomProjection(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new RandomProjection(4, 1, new double[0]));
        assertThrows(IllegalArgumentException.class, () -> new RandomProjection(4, 1).encode(g.adjacency(),
                new long[3]));
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }
}
