package org.erlangen.neo4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.erlangen.graph.Graph;
import org.erlangen.graph.sampling.LayerSpan;
import org.erlangen.graph.sampling.NeighborSampler;
import org.erlangen.neo4j.model.MemoryEstimate.Sampling;
import org.erlangen.neo4j.model.MemoryEstimate.Selection;
import org.erlangen.neo4j.read.InDegrees;
import org.junit.jupiter.api.Test;

/** The expected sampled batch against the mean of the batches {@link NeighborSampler} really draws. */
class SampledBatchTest {
    private static final int BATCHES = 300;

    @Test
    void aRandomGraphsBatchesHaveTheExpectedNodesAndEdgesPerLayer() {
        Random r = new Random(11);
        int n = 3000;
        int m = 5 * n;
        int[] senders = new int[m];
        int[] receivers = new int[m];
        for (int e = 0; e < m; e++) {
            senders[e] = r.nextInt(n);
            receivers[e] = r.nextInt(n);
        }
        // fanouts above and below the mean in-degree, and all in-neighbours (measured within 0.3%)
        assertMatches(senders, receivers, n, new Sampling(50, List.of(4, 8, 2)), 0.03);
        assertMatches(senders, receivers, n, new Sampling(20, List.of(-1, 3)), 0.03);
    }

    @Test
    void hubsReachedAlongEdgesDrawAsTheirOutEdgesWeighThem() {
        // an undirected graph with a heavy tail of degrees: nodes reached along edges are mostly hubs, which draw
        // the whole fanout where an average node has fewer in-edges than that
        Random r = new Random(5);
        int n = 4000;
        int pairs = 6000;
        int[] senders = new int[2 * pairs];
        int[] receivers = new int[2 * pairs];
        for (int p = 0; p < pairs; p++) {
            int a = (int) (n * Math.pow(r.nextDouble(), 4)); // low ids far more often
            int b = r.nextInt(n);
            senders[2 * p] = a;
            receivers[2 * p] = b;
            senders[2 * p + 1] = b;
            receivers[2 * p + 1] = a;
        }
        var degrees = InDegrees.of(senders, receivers, n);
        assertTrue(degrees.reachedDraws(10) > 1.5 * degrees.seedDraws(10), "reached " + degrees.reachedDraws(10)
                + ", seeds " + degrees.seedDraws(10));
        // a hub drawn as a receiver draws only its fanout of in-edges, so its senders are reached less often than
        // their out-edges say: the outermost hop's nodes come out high (measured 15%), the rest within 6%
        assertMatches(senders, receivers, n, new Sampling(40, List.of(10, 10)), 0.2);
    }

    /**
     * Every layer's input nodes, edges and output nodes no more than {@code tolerance} above the mean of
     * {@value #BATCHES} sampled batches, and never more than 3% below it.
     */
    private static void assertMatches(int[] senders, int[] receivers, int n, Sampling sampling, double tolerance) {
        int layers = sampling.fanouts().size();
        var selection = new Selection(n, senders.length, senders.length, n, 1, false, 0, 0,
                InDegrees.of(senders, receivers, n));
        var expected = SampledBatch.expected(selection, sampling, layers);
        var graph = Graph.builder(n).edges(senders, receivers).build();
        var sampler = NeighborSampler.uniform(graph.adjacency(), sampling.fanouts().stream().mapToInt(i -> i)
                .toArray(), false);
        double[][] mean = new double[layers][3];
        Random r = new Random(3);
        for (int b = 0; b < BATCHES; b++) {
            int[] seeds = r.ints(0, n).distinct().limit(sampling.batchSize()).toArray();
            var sub = sampler.sample(seeds, 7, b);
            for (int i = 0; i < layers; i++) {
                LayerSpan span = sub.layer(i);
                mean[i][0] += (double) span.inputNodes() / BATCHES;
                mean[i][1] += (double) span.edges() / BATCHES;
                mean[i][2] += (double) span.outputNodes() / BATCHES;
            }
        }
        for (int i = 0; i < layers; i++) {
            double[] estimate = {expected.inputNodes(i), expected.edges(i), expected.outputNodes(i)};
            String[] what = {"input nodes", "edges", "output nodes"};
            for (int k = 0; k < 3; k++) {
                double ratio = estimate[k] / mean[i][k];
                assertTrue(ratio >= 0.97 && ratio <= 1 + tolerance, "layer " + i + " " + what[k] + " of "
                        + sampling + ": expected " + estimate[k] + ", sampled " + mean[i][k]);
            }
        }
        assertEquals(sampling.batchSize(), expected.outputNodes(layers - 1), 1e-9);
    }
}
