package org.erlangen.gnn.links;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.erlangen.graph.Shuffle;

/**
 * Links cut into training, validation and test links (PyG's {@code RandomLinkSplit}). Only training links may
 * carry messages: the model that scores the held-out links must not have seen them.
 */
public record LinkSplit(long[] train, long[] validation, long[] test) {
    /**
     * A random split of {@code pairs}: {@code testFraction} of them (rounded, at least one when the fraction is
     * positive) for testing, {@code validationFraction} for validation, the rest for training, which must keep at
     * least one.
     */
    public static LinkSplit random(long[] pairs, double validationFraction, double testFraction,
            SplittableRandom random) {
        if (validationFraction < 0 || testFraction < 0 || validationFraction + testFraction >= 1) {
            throw new IllegalArgumentException("validation (" + validationFraction + ") and test (" + testFraction
                    + ") fractions must be at least 0 and add up to less than 1");
        }
        int testCount = count(pairs.length, testFraction);
        int validationCount = count(pairs.length, validationFraction);
        if (testCount + validationCount >= pairs.length) {
            throw new IllegalArgumentException(pairs.length + " links are too few to hold out " + validationCount
                    + " for validation and " + testCount + " for testing and train on the rest");
        }
        long[] order = pairs.clone();
        Shuffle.inPlace(order, random);
        long[] test = Arrays.copyOfRange(order, 0, testCount);
        long[] validation = Arrays.copyOfRange(order, testCount, testCount + validationCount);
        long[] train = Arrays.copyOfRange(order, testCount + validationCount, order.length);
        return new LinkSplit(train, validation, test);
    }

    private static int count(int total, double fraction) {
        return fraction == 0 ? 0 : Math.max(1, (int) Math.round(total * fraction));
    }
}
