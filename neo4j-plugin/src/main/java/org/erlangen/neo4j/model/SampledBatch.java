package org.erlangen.neo4j.model;

import org.erlangen.neo4j.model.MemoryEstimate.Sampling;
import org.erlangen.neo4j.model.MemoryEstimate.Selection;
import org.erlangen.neo4j.read.InDegrees;

/**
 * The expected sampled subgraph of one batch, as {@code NeighborSampler} draws it and {@code SampledSubgraph.layer}
 * hands it to the layers: {@code nodesWithin[h]} distinct nodes within h hops of the seeds, {@code edgesWithin[h]}
 * edges sampled at hops 1 to h. Layer i of L runs on the nodes within L - i hops and the edges sampled into them, and
 * keeps the rows of the nodes within L - i - 1 hops, which the next layer reads.
 *
 * <p>Each node first reached at hop h - 1 draws min(fanout, in-degree) of its in-edges at hop h (all of them for a
 * fanout of -1): the seeds on average over the nodes, nodes reached along edges on average over the edges' senders
 * (the larger of the two, to stay on the safe side), both read from the {@link InDegrees} histogram; without one, the
 * mean in-degree capped by the fanout. The distinct nodes all draws so far reach are those of draws that fall on a
 * node as often as edges leave it ({@link InDegrees#reached}), the seeds' share of every degree already reached;
 * without a histogram, as if each draw fell on a node uniformly, n (1 - exp(-draws / n)) of the n nodes, which
 * repeats least and so counts high rather than low.
 */
record SampledBatch(double[] nodesWithin, double[] edgesWithin) {

    static SampledBatch expected(Selection s, Sampling sampling, int layers) {
        if (sampling.fanouts().size() < layers) {
            throw new IllegalArgumentException(sampling.fanouts().size() + " fanouts for " + layers + " layers");
        }
        double n = s.nodes();
        double m = s.edgeEntries();
        double[] nodes = new double[layers + 1];
        double[] edges = new double[layers + 1];
        double seeds = Math.min(n, sampling.batchSize());
        nodes[0] = seeds;
        double frontier = seeds;
        for (int h = 1; h <= layers; h++) {
            double perNode = draws(s, sampling.fanouts().get(h - 1), h == 1);
            edges[h] = Math.min(m, edges[h - 1] + frontier * perNode);
            nodes[h] = n <= 0 ? 0 : seeds + (1 - seeds / n) * reached(s, edges[h]);
            frontier = nodes[h] - nodes[h - 1];
        }
        return new SampledBatch(nodes, edges);
    }

    /** The distinct nodes {@code draws} draws reach. */
    private static double reached(Selection s, double draws) {
        InDegrees degrees = s.inDegrees();
        return degrees == null ? s.nodes() * -Math.expm1(-draws / s.nodes()) : degrees.reached(draws);
    }

    /** The in-edges one node of the frontier draws on average. */
    private static double draws(Selection s, int fanout, boolean seeds) {
        InDegrees degrees = s.inDegrees();
        if (degrees == null) {
            double mean = s.nodes() == 0 ? 0 : (double) s.edgeEntries() / s.nodes();
            return fanout < 0 ? mean : Math.min(fanout, mean);
        }
        double perSeed = degrees.seedDraws(fanout);
        return seeds ? perSeed : Math.max(perSeed, degrees.reachedDraws(fanout));
    }

    int layers() {
        return edgesWithin.length - 1;
    }

    /** The nodes layer {@code i} runs on. */
    double inputNodes(int i) {
        return nodesWithin[layers() - i];
    }

    /** The nodes whose rows layer {@code i} keeps: the next layer's inputs, or the seeds. */
    double outputNodes(int i) {
        return nodesWithin[layers() - i - 1];
    }

    /** The sampled edges layer {@code i} runs on. */
    double edges(int i) {
        return edgesWithin[layers() - i];
    }
}
