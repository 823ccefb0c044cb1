package org.erlangen.graph.sampling;

import static org.erlangen.graph.sampling.SampledGraphs.chiSquare;
import static org.erlangen.graph.sampling.SampledGraphs.inStar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Frequencies over many epochs against the distribution each mode promises. Seeds are fixed, so every statistic is
 * a fixed number; the bounds lie far in the tails (about p = 1e-6), so a correct sampler passes with a wide margin
 * and a biased one (say, one neighbour never or twice as often drawn) fails.
 */
class SamplingStatisticsTest {
    private static final int EPOCHS = 4000;
    private static final int[] CENTRE = {0};

    /** How often each in-edge of node 0 was drawn over {@link #EPOCHS} epochs. */
    private static long[] frequencies(NeighborSampler sampler, int degree, int perEpoch) {
        long[] counts = new long[degree];
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            var sub = sampler.sample(CENTRE, 20_26, epoch);
            assertEquals(perEpoch, sub.edgeCount(), "edges drawn in epoch " + epoch);
            for (int e : sub.edges()) {
                counts[e]++;
            }
        }
        return counts;
    }

    @Test
    void withReplacementEveryNeighbourIsEquallyLikely() {
        int degree = 10;
        // Fanout above the degree: with replacement it still draws the full fanout.
        var sampler = NeighborSampler.uniform(inStar(degree).adjacency(), new int[] {12}, true);
        long[] counts = frequencies(sampler, degree, 12);
        double[] expected = new double[degree];
        Arrays.fill(expected, EPOCHS * 12.0 / degree);
        double chi = chiSquare(counts, expected);
        assertTrue(chi < 46, "chi-square " + chi + " over 9 degrees of freedom: " + Arrays.toString(counts));
    }

    @Test
    void withoutReplacementEveryNeighbourIsEquallyOftenIncluded() {
        // Floyd's method for small fanouts, selection sampling for large ones.
        for (int[] degreeAndFanout : new int[][] {{20, 5}, {300, 100}}) {
            int degree = degreeAndFanout[0];
            int fanout = degreeAndFanout[1];
            var sampler = NeighborSampler.uniform(inStar(degree).adjacency(), new int[] {fanout}, false);
            long[] counts = frequencies(sampler, degree, fanout);
            double[] expected = new double[degree];
            Arrays.fill(expected, EPOCHS * (double) fanout / degree);
            // Inclusions are less spread than multinomial draws (by 1 - fanout/degree): the chi-square bound holds.
            double chi = chiSquare(counts, expected);
            double bound = degree - 1 + 7 * Math.sqrt(2.0 * (degree - 1));
            assertTrue(chi < bound, "degree " + degree + ", fanout " + fanout + ": chi-square " + chi);
        }
    }

    @Test
    void weightedDrawsFollowTheWeights() {
        float[] weights = {1, 2, 0, 3, 4};
        var star = inStar(weights.length);
        var sampler = NeighborSampler.weighted(star.adjacency(), new int[] {5}, true, weights);
        long[] counts = frequencies(sampler, weights.length, 5);
        assertEquals(0, counts[2], "an edge of weight 0 was drawn");
        long[] positive = {counts[0], counts[1], counts[3], counts[4]};
        double draws = EPOCHS * 5.0;
        double[] expected = {draws / 10, draws * 2 / 10, draws * 3 / 10, draws * 4 / 10};
        double chi = chiSquare(positive, expected);
        assertTrue(chi < 31, "chi-square " + chi + " over 3 degrees of freedom: " + Arrays.toString(counts));
    }

    @Test
    void weightedWithoutReplacementPicksOneInProportionAndNeverRepeats() {
        float[] weights = {1, 2, 0, 3, 4};
        var star = inStar(weights.length);
        // One pick without replacement is exactly a weighted pick.
        var one = NeighborSampler.weighted(star.adjacency(), new int[] {1}, false, weights);
        long[] counts = frequencies(one, weights.length, 1);
        assertEquals(0, counts[2]);
        long[] positive = {counts[0], counts[1], counts[3], counts[4]};
        double[] expected = {EPOCHS / 10.0, EPOCHS * 2 / 10.0, EPOCHS * 3 / 10.0, EPOCHS * 4 / 10.0};
        double chi = chiSquare(positive, expected);
        assertTrue(chi < 31, "chi-square " + chi + ": " + Arrays.toString(counts));
        // Asking for more than the edges of positive weight gives each of them once, and never the zero one.
        var all = NeighborSampler.weighted(star.adjacency(), new int[] {5}, false, weights);
        for (int epoch = 0; epoch < 20; epoch++) {
            var sub = all.sample(CENTRE, 1, epoch);
            int[] drawn = sub.edges().clone();
            Arrays.sort(drawn);
            assertEquals("[0, 1, 3, 4]", Arrays.toString(drawn));
        }
        // Three of four: no repeats, and the heaviest edge is included most often.
        var three = NeighborSampler.weighted(star.adjacency(), new int[] {3}, false, weights);
        long[] included = frequencies(three, weights.length, 3);
        assertEquals(0, included[2]);
        assertTrue(included[0] < included[1] && included[1] < included[3] && included[3] < included[4],
                Arrays.toString(included));
    }

    @Test
    void aNodeWithoutInEdgesOrPositiveWeightsDrawsNothing() {
        var star = inStar(4);
        var uniform = NeighborSampler.uniform(star.adjacency(), new int[] {3}, true).sample(new int[] {2}, 0, 0);
        assertEquals(0, uniform.edgeCount());
        var weighted = NeighborSampler.weighted(star.adjacency(), new int[] {3}, true, new float[4])
                .sample(CENTRE, 0, 0);
        assertEquals(0, weighted.edgeCount());
        assertEquals(1, weighted.nodeCount());
    }
}
