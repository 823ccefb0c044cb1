package org.erlangen.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.erlangen.gnn.links.Pairs;
import org.junit.jupiter.api.Test;

class PairScoresTest {
    private static final double[][] VECTORS = {{1, 2}, {3, -1}, {0.5, 4}, {-2, 0}};

    @Test
    void dotProductOfThePairsEmbeddings() {
        var score = PairScores.dotProduct(VECTORS);
        assertEquals(1 * 3 + 2 * -1, score.applyAsDouble(Pairs.pack(0, 1)), 0);
        assertEquals(0.5 * -2, score.applyAsDouble(Pairs.pack(2, 3)), 0);
    }

    @Test
    void hadamardIsTheElementWiseProduct() {
        assertArrayEquals(new double[] {1.5, -4}, PairScores.hadamard(VECTORS[1], VECTORS[2]), 0);
        var e = assertThrows(IllegalArgumentException.class,
                () -> PairScores.hadamard(new double[2], new double[3]));
        assertEquals("node vectors of different widths: 2 and 3", e.getMessage());
    }

    @Test
    void ranksTestLinksAgainstNonLinks() {
        // test links (0,1) and (2,3); non-links (0,2) and (1,3)
        var holdout = new LinkHoldout(4, new long[0], new long[] {Pairs.pack(0, 1), Pairs.pack(2, 3)},
                new long[] {Pairs.pack(0, 2), Pairs.pack(1, 3)});
        double[] byPair = new double[16];
        byPair[1] = 0.9;     // (0,1)
        byPair[2 * 4 + 3] = 0.4; // (2,3)
        byPair[2] = 0.5;     // (0,2)
        byPair[4 + 3] = 0.1; // (1,3)
        var m = PairScores.evaluate(holdout, p -> byPair[Pairs.source(p) * 4 + Pairs.target(p)]);
        // of the four link/non-link comparisons, (2,3) < (0,2) is the one lost
        assertEquals(0.75, m.rocAuc(), 1e-12);
        // ranked 0.9 (link), 0.5, 0.4 (link), 0.1: precision 1 at recall 1/2, 2/3 at recall 1
        assertEquals(0.5 * 1 + 0.5 * 2.0 / 3, m.averagePrecision(), 1e-12);
        assertThrows(IllegalStateException.class, () -> PairScores.evaluate(holdout, p -> Double.NaN));
    }
}
