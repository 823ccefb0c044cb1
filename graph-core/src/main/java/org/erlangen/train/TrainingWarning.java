package org.erlangen.train;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * A trained model that learnt nothing useful, said plainly instead of reported as an accuracy: the command line ends
 * its figures with {@code warning=CODE}, Cypher's {@code erlangen.model.train} yields the messages in its
 * {@code warnings} column.
 *
 * @param code one word for the figures line, such as {@value #CONSTANT}
 * @param message one sentence for a person
 */
public record TrainingWarning(String code, String message) {
    /** Every checked item gets the same class. */
    public static final String CONSTANT = "constant_predictions";
    /** The accuracy is no better than always answering the training items' most common class. */
    public static final String MAJORITY = "no_better_than_majority";

    public TrainingWarning {
        if (code.isEmpty() || code.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a warning code must be one word: '" + code + "'");
        }
    }

    /**
     * The warnings for a classifier, from its predictions on some items (the validation items, usually): all one
     * class, or an accuracy no better than always answering the majority class of the training items. Nothing is
     * said when the items hold fewer than two classes, or when every prediction is right: a constant is then no sign
     * of failure.
     *
     * @param predicted the predicted class of each checked item
     * @param actual the true class of each checked item, in the same order
     * @param trainingLabels the classes of the training items
     * @param items what the checked items are, for the message ("validation nodes")
     * @param className how the message names class {@code c}
     */
    public static List<TrainingWarning> forClassifier(int[] predicted, int[] actual, int[] trainingLabels,
            String items, IntFunction<String> className) {
        if (predicted.length != actual.length) {
            throw new IllegalArgumentException("need a prediction per item: " + predicted.length + " predictions for "
                    + actual.length + " items");
        }
        if (actual.length == 0 || trainingLabels.length == 0 || distinct(actual) < 2) {
            return List.of();
        }
        int correct = 0;
        for (int i = 0; i < actual.length; i++) {
            correct += predicted[i] == actual[i] ? 1 : 0;
        }
        if (correct == actual.length) {
            return List.of();
        }
        double accuracy = (double) correct / actual.length;
        if (distinct(predicted) == 1) {
            return List.of(new TrainingWarning(CONSTANT, String.format(Locale.ROOT,
                    "the model predicts class %s for all %d %s (accuracy %.4f): it learnt a constant; the features "
                            + "may not tell the classes apart, or training failed (feature scales, learning rate)",
                    className.apply(predicted[0]), actual.length, items, accuracy)));
        }
        int majority = majority(trainingLabels);
        int baseline = 0;
        for (int a : actual) {
            baseline += a == majority ? 1 : 0;
        }
        double baselineAccuracy = (double) baseline / actual.length;
        if (correct <= baseline) {
            return List.of(new TrainingWarning(MAJORITY, String.format(Locale.ROOT,
                    "accuracy %.4f on the %d %s is no better than always answering the training items' most common "
                            + "class %s (%.4f)", accuracy, actual.length, items, className.apply(majority),
                    baselineAccuracy)));
        }
        return List.of();
    }

    /** {@link #forClassifier(int[], int[], int[], String, IntFunction)} with classes named by their index. */
    public static List<TrainingWarning> forClassifier(int[] predicted, int[] actual, int[] trainingLabels,
            String items) {
        return forClassifier(predicted, actual, trainingLabels, items, Integer::toString);
    }

    private static long distinct(int[] values) {
        return Arrays.stream(values).distinct().limit(2).count();
    }

    /** The most common value; the smallest among equally common ones. */
    private static int majority(int[] labels) {
        var counts = new TreeMap<Integer, Integer>();
        for (int l : labels) {
            counts.merge(l, 1, Integer::sum);
        }
        int best = labels[0];
        int bestCount = -1;
        for (var e : counts.entrySet()) {
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return best;
    }
}
