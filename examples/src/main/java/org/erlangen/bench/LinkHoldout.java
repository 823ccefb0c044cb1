package org.erlangen.bench;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.erlangen.gnn.links.LinkSplit;
import org.erlangen.gnn.links.NegativeSampler;
import org.erlangen.gnn.links.Pairs;
import org.erlangen.graph.Graph;

/**
 * The links a link-prediction benchmark holds out before either side trains: a seeded random share of an undirected
 * graph's links as test links, and as many non-links (uniform node pairs that are links neither in training nor in
 * the test) to rank them against. Both sides train on {@code train} only and are scored on the same pairs. Pairs are
 * {@link Pairs#unordered}, the smaller node first.
 */
public record LinkHoldout(int nodes, long[] train, long[] test, long[] negatives) {
    public LinkHoldout {
        if (test.length != negatives.length) {
            throw new IllegalArgumentException("a holdout pairs each of its " + test.length + " test links with one "
                    + "non-link, got " + negatives.length);
        }
    }

    /** Each link of an undirected graph once, self loops left out. */
    public static long[] undirectedPairs(Graph graph) {
        int[] s = graph.senders();
        int[] r = graph.receivers();
        return IntStream.range(0, s.length).filter(e -> s[e] != r[e]).mapToLong(e -> Pairs.unordered(s[e], r[e]))
                .sorted().distinct().toArray();
    }

    /**
     * Holds out {@code testFraction} of {@code pairs} (distinct unordered pairs of nodes 0..nodes-1) and samples as
     * many non-links uniformly over all nodes, both from {@code seed}.
     */
    public static LinkHoldout of(int nodes, long[] pairs, double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction must lie strictly between 0 and 1, got " + testFraction);
        }
        var random = new SplittableRandom(seed);
        LinkSplit split = LinkSplit.random(pairs, 0, testFraction, random);
        long[] train = split.train().clone();
        long[] test = split.test().clone();
        Arrays.sort(train);
        Arrays.sort(test);
        int[] everyNode = IntStream.range(0, nodes).toArray();
        long[] negatives = new NegativeSampler(everyNode, everyNode, Pairs.sortedKeys(pairs, true), true)
                .sample(test.length, random);
        for (int i = 0; i < negatives.length; i++) {
            negatives[i] = Pairs.key(negatives[i], true);
        }
        return new LinkHoldout(nodes, train, test, negatives);
    }
}
