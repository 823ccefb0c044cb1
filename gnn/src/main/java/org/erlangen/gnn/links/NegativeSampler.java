package org.erlangen.gnn.links;

import java.util.SplittableRandom;

/**
 * Pairs that are not links: a source drawn uniformly from {@code sources}, a target from {@code targets}, redrawn
 * while the pair is a self loop or a known link. With every node on both sides this is PyG's uniform negative
 * sampling; with the nodes a relation starts and ends at, it corrupts links within the relation's domain and range
 * (a customer paired with a product, not with another customer).
 */
public final class NegativeSampler {
    /** Draws per wanted pair before the graph counts as too dense to sample from. */
    private static final int ATTEMPTS = 100;

    private final int[] sources;
    private final int[] targets;
    private final PairSet known;
    private final boolean undirected;

    /**
     * @param known the links that are not negatives, as {@link Pairs#sortedKeys}
     * @param undirected whether (u, v) and (v, u) name the same link
     */
    public NegativeSampler(int[] sources, int[] targets, long[] known, boolean undirected) {
        if (sources.length == 0 || targets.length == 0) {
            throw new IllegalArgumentException("negative sampling needs candidate sources and targets, got "
                    + sources.length + " and " + targets.length);
        }
        this.sources = sources;
        this.targets = targets;
        this.known = new PairSet(known);
        this.undirected = undirected;
    }

    public long[] sample(int count, SplittableRandom random) {
        long[] out = new long[count];
        int made = 0;
        long attempts = 0;
        while (made < count) {
            if (++attempts > (long) ATTEMPTS * count + 1000) {
                throw new IllegalArgumentException("too few non-links to sample " + count + " negative pairs from "
                        + sources.length + " sources and " + targets.length + " targets: the links are too dense");
            }
            int u = sources[random.nextInt(sources.length)];
            int v = targets[random.nextInt(targets.length)];
            long pair = Pairs.pack(u, v);
            if (u != v && !known.contains(Pairs.key(pair, undirected))) {
                out[made++] = pair;
            }
        }
        return out;
    }
}
