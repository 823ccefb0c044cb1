package org.erlangen.gnn.links;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.gnn.models.ModelConfig;
import org.erlangen.tensor.Reductions;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Pairs, link splits, negative sampling, the dot-product decoder and the link metrics. */
class LinksTest {
    @Test
    void pairsPackAndKnowTheirUndirectedForm() {
        long p = Pairs.pack(7, 3);
        assertEquals(7, Pairs.source(p));
        assertEquals(3, Pairs.target(p));
        assertEquals(Pairs.pack(3, 7), Pairs.unordered(7, 3));
        long[] known = Pairs.sortedKeys(new long[] {Pairs.pack(1, 2), Pairs.pack(2, 1), Pairs.pack(4, 0)}, true);
        assertEquals(2, known.length);
        assertTrue(Pairs.contains(known, Pairs.pack(2, 1), true));
        assertTrue(Pairs.contains(known, Pairs.pack(0, 4), true));
        long[] directed = Pairs.sortedKeys(new long[] {Pairs.pack(1, 2)}, false);
        assertFalse(Pairs.contains(directed, Pairs.pack(2, 1), false));
    }

    @Test
    void aSplitPartitionsTheLinksAndIsReproducible() {
        long[] links = LongStream.range(0, 100).map(i -> Pairs.pack((int) i, (int) i + 1)).toArray();
        LinkSplit a = LinkSplit.random(links, 0.1, 0.2, new SplittableRandom(5));
        LinkSplit b = LinkSplit.random(links, 0.1, 0.2, new SplittableRandom(5));
        assertEquals(70, a.train().length);
        assertEquals(10, a.validation().length);
        assertEquals(20, a.test().length);
        assertArrayEquals(a.test(), b.test());
        long[] all = LongStream.concat(LongStream.concat(LongStream.of(a.train()), LongStream.of(a.validation())),
                LongStream.of(a.test())).sorted().toArray();
        assertArrayEquals(links, all, "every link in exactly one part");
        assertEquals(1, LinkSplit.random(Arrays.copyOf(links, 4), 0.01, 0.01, new SplittableRandom(1)).test().length,
                "a positive fraction holds out at least one");
        assertThrows(IllegalArgumentException.class, () -> LinkSplit.random(Arrays.copyOf(links, 2), 0.3, 0.3,
                new SplittableRandom(1)));
    }

    @Test
    void negativesAvoidKnownLinksAndSelfLoopsAndStayInTheirSides() {
        // a bipartite relation: sources 0..4, targets 5..9, source s linked to target 5 + s
        long[] links = IntStream.range(0, 5).mapToLong(s -> Pairs.pack(s, 5 + s)).toArray();
        int[] sources = IntStream.range(0, 5).toArray();
        int[] targets = IntStream.range(5, 10).toArray();
        var sampler = new NegativeSampler(sources, targets, Pairs.sortedKeys(links, false), false);
        long[] negatives = sampler.sample(2000, new SplittableRandom(3));
        Set<Long> seen = new HashSet<>();
        for (long p : negatives) {
            assertTrue(Pairs.source(p) < 5 && Pairs.target(p) >= 5, "drawn across the relation's sides");
            assertFalse(Pairs.target(p) == 5 + Pairs.source(p), "a known link came back as a negative");
            seen.add(p);
        }
        assertEquals(20, seen.size(), "every one of the 25 - 5 non-links is drawn");
        var tight = new NegativeSampler(new int[] {0}, new int[] {0, 1}, Pairs.sortedKeys(new long[] {Pairs.pack(0,
                1)}, true), true);
        assertThrows(IllegalArgumentException.class, () -> tight.sample(1, new SplittableRandom(1)),
                "only a self loop and a known link are left");
    }

    /** Dense enough that the bit filter lets non-links through: the sorted targets must turn those away. */
    @Test
    void aPairSetHoldsExactlyItsPairs() {
        SplittableRandom random = new SplittableRandom(11);
        long[] pairs = LongStream.generate(() -> Pairs.pack(random.nextInt(300), random.nextInt(300))).limit(20_000)
                .toArray();
        long[] keys = Pairs.sortedKeys(pairs, false);
        PairSet set = new PairSet(keys);
        Set<Long> expected = new HashSet<>();
        LongStream.of(keys).forEach(expected::add);
        for (int u = 0; u < 310; u++) {
            for (int v = 0; v < 310; v++) {
                long key = Pairs.pack(u, v);
                assertEquals(expected.contains(key), set.contains(key), "pair " + u + ", " + v);
            }
        }
        assertFalse(new PairSet(new long[0]).contains(Pairs.pack(0, 0)));
        assertThrows(IllegalArgumentException.class, () -> new PairSet(new long[] {Pairs.pack(2, 1),
            Pairs.pack(1, 2)}), "keys out of order");
    }

    @Test
    void theDotProductScoresEachPair() {
        Tensor h = Tensor.constant(Nd4j.createFromArray(new double[][] {{1, 2}, {3, -1}, {0.5, 4}}));
        double[] scores = DotProduct.score(h, new long[] {Pairs.pack(0, 1), Pairs.pack(2, 0), Pairs.pack(1, 1)})
                .data().toDoubleVector();
        assertArrayEquals(new double[] {1, 8.5, 10}, scores, 1e-12);
        assertEquals(0, DotProduct.score(h, new long[0]).data().length());
    }

    /** Pairs in any order, repeated, both ways and self pairs: the gradient of every embedding. */
    @Test
    void theDotProductsGradientMatchesFiniteDifferences() {
        long[] pairs = {Pairs.pack(3, 1), Pairs.pack(0, 2), Pairs.pack(3, 1), Pairs.pack(1, 3), Pairs.pack(2, 2),
            Pairs.pack(0, 4)};
        GradCheck.check(in -> DotProduct.score(in.get(0), pairs), GradCheck.uniform(new Random(5), -1, 1, 5, 3));
    }

    @Test
    void aPairPatternScoresInItsOwnOrderAndIsReusable() {
        long[] pairs = {Pairs.pack(3, 1), Pairs.pack(0, 2), Pairs.pack(3, 1), Pairs.pack(1, 3), Pairs.pack(2, 2)};
        Tensor h = Tensor.constant(GradCheck.uniform(new Random(6), -1, 1, 4, 3));
        double[] ordered = DotProduct.score(h, pairs).data().toDoubleVector();
        PairPattern pattern = PairPattern.of(pairs, 4);
        assertEquals(pairs.length, pattern.size());
        for (int round = 0; round < 2; round++) {
            double[] dots = pattern.dots(h).data().toDoubleVector();
            for (int k = 0; k < dots.length; k++) {
                assertEquals(ordered[pattern.order()[k]], dots[k], 1e-12, "entry " + k);
            }
        }
        GradCheck.check(in -> pattern.dots(in.get(0)), GradCheck.uniform(new Random(7), -1, 1, 4, 3));
    }

    @Test
    void theDecoderAddsItsLearnedBiasToEveryDotProduct() {
        LinkLogits decoder = new LinkLogits(DataType.DOUBLE);
        assertEquals(0.0, decoder.bias());
        decoder.loadStateDict(Map.of("bias", Nd4j.createFromArray(-1.5)));
        long[] pairs = {Pairs.pack(0, 1), Pairs.pack(2, 0)};
        PairPattern pattern = PairPattern.of(pairs, 3);
        Tensor h = Tensor.constant(Nd4j.createFromArray(new double[][] {{1, 2}, {3, -1}, {0.5, 4}}));
        double[] dots = pattern.dots(h).data().toDoubleVector();
        Tensor logits = decoder.logits(h, pattern);
        for (int k = 0; k < dots.length; k++) {
            assertEquals(dots[k] - 1.5, logits.data().getDouble(k), 1e-12);
            assertEquals(dots[k] - 1.5, decoder.logit(dots[k]), 1e-12);
        }
        // d(sum of logits)/d(bias) = the number of pairs
        Reductions.sum(logits).backward();
        assertEquals(pairs.length, decoder.namedParameters().get("bias").grad().getDouble(0), 1e-12);
    }

    @Test
    void aLinkModelsFirstLayerIsItsEncodersFirstLayer() {
        GnnModel encoder = new GnnModel(new ModelConfig("gcn", "node", 4, 8, 8, 2, 0, "sum", 1), 1, DataType.DOUBLE);
        LinkModel model = new LinkModel(encoder, DataType.DOUBLE);
        Set<String> first = new HashSet<>();
        model.namedParameters().keySet().stream().filter(LinkModel.FIRST_LAYER).forEach(first::add);
        Set<String> expected = new HashSet<>();
        encoder.namedParameters().keySet().stream().filter(GnnModel.FIRST_LAYER).forEach(n -> expected.add(
                "encoder." + n));
        assertFalse(first.isEmpty());
        assertEquals(expected, first);
        assertTrue(model.namedParameters().containsKey("decoder.bias"));
    }

    @Test
    void linkMetricsRankLinksAboveNonLinks() {
        LinkMetrics perfect = LinkMetrics.of(new double[] {3, 2}, new double[] {1, 0});
        assertEquals(1.0, perfect.rocAuc(), 1e-15);
        assertEquals(1.0, perfect.averagePrecision(), 1e-15);
        LinkMetrics mixed = LinkMetrics.of(new double[] {0.35, 0.8}, new double[] {0.1, 0.4});
        assertEquals(0.75, mixed.rocAuc(), 1e-15);
        assertEquals(0.8333333333333333, mixed.averagePrecision(), 1e-15);
    }
}
