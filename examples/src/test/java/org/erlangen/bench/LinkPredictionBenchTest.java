package org.erlangen.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.LongStream;
import org.erlangen.gnn.links.Pairs;
import org.junit.jupiter.api.Test;

/** The whole benchmark, GDS included, on a small graph of four communities; no timing is asserted. */
class LinkPredictionBenchTest {
    /** 160 nodes in four communities of 40: links inside a community with probability 0.2, across 0.005. */
    private static long[] communities() {
        Random random = new Random(1);
        LongStream.Builder pairs = LongStream.builder();
        for (int a = 0; a < 160; a++) {
            for (int b = a + 1; b < 160; b++) {
                if (random.nextDouble() < (a / 40 == b / 40 ? 0.2 : 0.005)) {
                    pairs.add(Pairs.pack(a, b));
                }
            }
        }
        return pairs.build().toArray();
    }

    @Test
    void bothSidesRankTheSameHeldOutLinksWellAboveChance() throws Exception {
        long[] pairs = communities();
        var holdout = LinkHoldout.of(160, pairs, 0.1, 3);
        var r = new LinkPredictionBench(holdout, new LinkPredictionBench.Settings(32, 3, 1, "gcn", true)).run();
        assertEquals(160, r.nodes());
        assertEquals(pairs.length, r.trainLinks() + r.testLinks());
        assertEquals(holdout.test().length, r.testLinks());
        // a link inside a community is far likelier than across: both sides find the communities
        assertTrue(r.ours().test().rocAuc() > 0.8, "ours " + r.ours());
        assertTrue(r.gds().test().rocAuc() > 0.8, "gds " + r.gds());
        assertTrue(r.gdsReportedTestAucpr() > 0.5 && r.gdsReportedTestAucpr() <= 1, "" + r.gdsReportedTestAucpr());
        // the benchmark's own scores of GDS's model are the ones GDS's predict.stream gives
        assertTrue(r.replayPairs() > 0);
        assertTrue(r.replayMaxDifference() <= LinkPredictionBench.REPLAY_TOLERANCE);
        assertNotNull(r.oursFastRp());
        assertTrue(r.oursFastRp().test().rocAuc() > 0.8, "ours on FastRP " + r.oursFastRp());
        assertTrue(r.erlangenFastRpSeconds() > r.oursFastRp().trainSeconds());
        assertTrue(r.gdsTrainSeconds() > r.gds().trainSeconds());
    }
}
