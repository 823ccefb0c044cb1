package org.erlangen.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.erlangen.graph.Splits.Fold;
import org.erlangen.graph.Splits.Split;
import org.junit.jupiter.api.Test;

class SplitsTest {
    /** Asserts the parts are sorted, disjoint and together hold 0..n-1. */
    private static void assertPartition(int n, int[]... parts) {
        int[] seen = new int[n];
        for (int[] part : parts) {
            for (int k = 0; k < part.length; k++) {
                assertTrue(part[k] >= 0 && part[k] < n, "index " + part[k]);
                assertTrue(k == 0 || part[k - 1] < part[k], "parts are sorted");
                seen[part[k]]++;
            }
        }
        for (int i = 0; i < n; i++) {
            assertEquals(1, seen[i], "item " + i + " appears " + seen[i] + " times");
        }
    }

    @Test
    void randomSplitIsADisjointCoverWithTheAskedSizes() {
        Split s = Splits.random(1000, 0.8, 0.1, 0.1, 7);
        assertPartition(1000, s.train(), s.validation(), s.test());
        assertEquals(800, s.train().length);
        assertEquals(100, s.validation().length);
        assertEquals(100, s.test().length);

        Split odd = Splits.random(7, 0.5, 0.25, 0.25, 1);
        assertPartition(7, odd.train(), odd.validation(), odd.test());
        assertEquals(7, odd.train().length + odd.validation().length + odd.test().length);
        assertTrue(odd.train().length == 3 || odd.train().length == 4);
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        Split a = Splits.random(500, 0.6, 0.2, 0.2, 42);
        Split b = Splits.random(500, 0.6, 0.2, 0.2, 42);
        Split c = Splits.random(500, 0.6, 0.2, 0.2, 43);
        assertArrayEquals(a.train(), b.train());
        assertArrayEquals(a.validation(), b.validation());
        assertArrayEquals(a.test(), b.test());
        assertFalse(Arrays.equals(a.train(), c.train()));
        // Not simply the first 60%: the split is shuffled.
        assertFalse(Arrays.equals(a.train(), range(0, 300)));
    }

    @Test
    void badFractionsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Splits.random(10, 0.8, 0.1, 0.2, 0));
        assertThrows(IllegalArgumentException.class, () -> Splits.random(10, 1.2, -0.1, -0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> Splits.kFold(10, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Splits.kFold(3, 4, 0));
    }

    @Test
    void stratifiedSplitKeepsClassProportions() {
        Random r = new Random(5);
        for (int trial = 0; trial < 50; trial++) {
            int n = 20 + r.nextInt(400);
            int classes = 1 + r.nextInt(6);
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = r.nextInt(classes) * 3 - 2; // any ints are classes, negative ones too
            }
            double ft = 0.5 + 0.3 * r.nextDouble();
            double fv = (1 - ft) / 2;
            Split s = Splits.stratified(labels, ft, fv, 1 - ft - fv, trial);
            assertPartition(n, s.train(), s.validation(), s.test());
            Split plain = Splits.random(n, ft, fv, 1 - ft - fv, trial);
            assertEquals(plain.train().length, s.train().length);
            assertEquals(plain.validation().length, s.validation().length);
            double[] fractions = {ft, fv, 1 - ft - fv};
            int[][] parts = {s.train(), s.validation(), s.test()};
            for (int c = 0; c < classes; c++) {
                int label = c * 3 - 2;
                long total = Arrays.stream(labels).filter(l -> l == label).count();
                for (int p = 0; p < 3; p++) {
                    long inPart = Arrays.stream(parts[p]).filter(i -> labels[i] == label).count();
                    assertTrue(Math.abs(inPart - fractions[p] * total) <= 2, "trial " + trial + " class " + label
                            + " part " + p + ": " + inPart + " of " + total + " at fraction " + fractions[p]);
                }
            }
        }
    }

    @Test
    void kFoldTestPartsPartitionTheItems() {
        List<Fold> folds = Splits.kFold(103, 5, 9);
        assertEquals(5, folds.size());
        int[][] tests = folds.stream().map(Fold::test).toArray(int[][]::new);
        assertPartition(103, tests);
        for (Fold f : folds) {
            assertTrue(f.test().length == 20 || f.test().length == 21);
            assertPartition(103, f.train(), f.test());
        }
        assertArrayEquals(folds.get(2).test(), Splits.kFold(103, 5, 9).get(2).test());
        assertFalse(Arrays.equals(folds.get(2).test(), Splits.kFold(103, 5, 10).get(2).test()));
    }

    @Test
    void stratifiedFoldsKeepClassCountsWithinOne() {
        Random r = new Random(11);
        int n = 257;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextDouble() < 0.7 ? 0 : r.nextInt(1, 4); // unbalanced: 0 is most common
        }
        int k = 6;
        List<Fold> folds = Splits.stratifiedKFold(labels, k, 3);
        assertPartition(n, folds.stream().map(Fold::test).toArray(int[][]::new));
        for (int c = 0; c < 4; c++) {
            int label = c;
            long total = Arrays.stream(labels).filter(l -> l == label).count();
            for (Fold f : folds) {
                assertPartition(n, f.train(), f.test());
                long inTest = Arrays.stream(f.test()).filter(i -> labels[i] == label).count();
                assertTrue(inTest == total / k || inTest == (total + k - 1) / k,
                        "class " + c + ": " + inTest + " of " + total + " in a fold");
            }
        }
        for (Fold f : folds) {
            assertTrue(f.test().length == n / k || f.test().length == n / k + 1);
        }
        assertArrayEquals(folds.get(0).test(), Splits.stratifiedKFold(labels, k, 3).get(0).test());
        assertFalse(Arrays.equals(folds.get(0).test(), Splits.stratifiedKFold(labels, k, 4).get(0).test()));
    }

    private static int[] range(int from, int to) {
        int[] a = new int[to - from];
        for (int i = 0; i < a.length; i++) {
            a[i] = from + i;
        }
        return a;
    }
}
