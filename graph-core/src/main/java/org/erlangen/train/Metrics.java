package org.erlangen.train;

import java.util.Arrays;
import java.util.TreeSet;
import org.erlangen.kernels.Buffers;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Evaluation metrics on plain arrays, with conveniences for ND4J arrays. A row takes part when the mask (null: every
 * row) is true and, for class labels, the label is not negative (the convention of {@link Losses#crossEntropy}).
 */
public final class Metrics {
    private Metrics() {
    }

    /** The index of the largest value in each row of {@code scores [N, C]} (the first one on ties). */
    public static int[] argmax(INDArray scores) {
        if (scores.rank() != 2) {
            throw new IllegalArgumentException("argmax expects scores [N, C], got shape "
                    + Arrays.toString(scores.shape()));
        }
        int n = Math.toIntExact(scores.rows());
        int c = Math.toIntExact(scores.columns());
        double[] s = Buffers.doubles(scores);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < c; j++) {
                if (s[i * c + j] > s[i * c + best]) {
                    best = j;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** Fraction of counted rows whose predicted class equals the label; NaN when no row is counted. */
    public static double accuracy(int[] predicted, int[] labels, boolean[] mask) {
        checkLengths(predicted.length, labels.length, mask, "accuracy");
        long correct = 0;
        long counted = 0;
        for (int i = 0; i < labels.length; i++) {
            if (counts(labels[i], mask, i)) {
                counted++;
                if (predicted[i] == labels[i]) {
                    correct++;
                }
            }
        }
        return counted == 0 ? Double.NaN : (double) correct / counted;
    }

    /** Accuracy of the row-wise argmax of {@code logits [N, C]}. */
    public static double accuracy(INDArray logits, int[] labels, boolean[] mask) {
        return accuracy(argmax(logits), labels, mask);
    }

    /**
     * The unweighted mean of the per-class F1 scores over the classes that occur among the counted labels or
     * predictions, as scikit-learn's {@code f1_score(average="macro")}: a class that is predicted but never true (or
     * true but never predicted) scores 0; a class absent from both is left out. NaN when no row is counted.
     */
    public static double macroF1(int[] predicted, int[] labels, boolean[] mask) {
        checkLengths(predicted.length, labels.length, mask, "macroF1");
        TreeSet<Integer> classes = new TreeSet<>();
        for (int i = 0; i < labels.length; i++) {
            if (counts(labels[i], mask, i)) {
                classes.add(labels[i]);
                classes.add(predicted[i]);
            }
        }
        if (classes.isEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        for (int k : classes) {
            long tp = 0;
            long fp = 0;
            long fn = 0;
            for (int i = 0; i < labels.length; i++) {
                if (!counts(labels[i], mask, i)) {
                    continue;
                }
                boolean isTrue = labels[i] == k;
                boolean isPredicted = predicted[i] == k;
                if (isTrue && isPredicted) {
                    tp++;
                } else if (isPredicted) {
                    fp++;
                } else if (isTrue) {
                    fn++;
                }
            }
            // F1 = 2 tp / (2 tp + fp + fn); the denominator is positive since k occurs
            sum += 2.0 * tp / (2.0 * tp + fp + fn);
        }
        return sum / classes.size();
    }

    public static double macroF1(INDArray logits, int[] labels, boolean[] mask) {
        return macroF1(argmax(logits), labels, mask);
    }

    /**
     * Area under the ROC curve for binary labels (0 or 1) from scores (higher means class 1), via the Mann-Whitney
     * statistic with tied scores given their average rank, so a tie counts one half. Fails when the counted rows do
     * not contain both classes, where the AUC is undefined.
     */
    public static double rocAuc(double[] scores, int[] labels, boolean[] mask) {
        checkLengths(scores.length, labels.length, mask, "rocAuc");
        int m = 0;
        for (int i = 0; i < labels.length; i++) {
            if (mask == null || mask[i]) {
                if (labels[i] != 0 && labels[i] != 1) {
                    throw new IllegalArgumentException("rocAuc needs labels 0 or 1, got " + labels[i] + " at row "
                            + i);
                }
                if (Double.isNaN(scores[i])) {
                    throw new IllegalArgumentException("rocAuc got a NaN score at row " + i);
                }
                m++;
            }
        }
        double[][] split = byLabel(scores, labels, mask, m);
        double[] positive = split[1];
        double[] negative = split[0];
        if (positive.length == 0 || negative.length == 0) {
            throw new IllegalArgumentException("rocAuc is undefined with " + positive.length + " positive and "
                    + negative.length + " negative rows: both classes must occur");
        }
        // the Mann-Whitney count: each (positive, negative) pair ordered right counts 1, a tie one half
        double u = 0;
        int below = 0;
        int equalFrom = 0;
        for (double p : positive) {
            while (below < negative.length && negative[below] < p) {
                below++;
            }
            equalFrom = Math.max(equalFrom, below);
            while (equalFrom < negative.length && negative[equalFrom] == p) {
                equalFrom++;
            }
            u += below + 0.5 * (equalFrom - below);
        }
        return u / ((double) positive.length * negative.length);
    }

    /** The counted scores of the negative rows and of the positive rows, each sorted ascending (primitive sorts). */
    private static double[][] byLabel(double[] scores, int[] labels, boolean[] mask, int counted) {
        int positives = 0;
        for (int i = 0; i < labels.length; i++) {
            if ((mask == null || mask[i]) && labels[i] == 1) {
                positives++;
            }
        }
        double[] positive = new double[positives];
        double[] negative = new double[counted - positives];
        int p = 0;
        int n = 0;
        for (int i = 0; i < labels.length; i++) {
            if (mask == null || mask[i]) {
                if (labels[i] == 1) {
                    positive[p++] = scores[i];
                } else {
                    negative[n++] = scores[i];
                }
            }
        }
        Arrays.sort(positive);
        Arrays.sort(negative);
        return new double[][] {negative, positive};
    }

    /**
     * Average precision for binary labels (0 or 1) from scores (higher means class 1), as scikit-learn's
     * {@code average_precision_score}: the sum over score thresholds, from the highest down, of the precision at each
     * threshold times the recall it adds; rows with tied scores enter together. The area under the precision-recall
     * curve without interpolation (GDS calls it AUCPR). Fails without a positive row, where it is undefined.
     */
    public static double averagePrecision(double[] scores, int[] labels) {
        checkLengths(scores.length, labels.length, null, "averagePrecision");
        int m = scores.length;
        long positives = 0;
        for (int i = 0; i < m; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("averagePrecision needs labels 0 or 1, got " + labels[i]
                        + " at row " + i);
            }
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("averagePrecision got a NaN score at row " + i);
            }
            positives += labels[i];
        }
        if (positives == 0) {
            throw new IllegalArgumentException("averagePrecision is undefined without positive rows");
        }
        double[][] split = byLabel(scores, labels, null, m);
        double[] negative = split[0];
        double[] positive = split[1];
        // thresholds from the highest score down: every row at the threshold enters together
        double sum = 0;
        long truePositives = 0;
        long predicted = 0;
        int p = positive.length - 1;
        int n = negative.length - 1;
        while (p >= 0) {
            double threshold = n < 0 ? positive[p] : Math.max(positive[p], negative[n]);
            long found = 0;
            while (p >= 0 && positive[p] == threshold) {
                found++;
                p--;
            }
            while (n >= 0 && negative[n] == threshold) {
                predicted++;
                n--;
            }
            truePositives += found;
            predicted += found;
            sum += (double) found / positives * truePositives / predicted;
        }
        return sum;
    }

    /** ROC-AUC from a score array of any shape holding one score per label. */
    public static double rocAuc(INDArray scores, int[] labels, boolean[] mask) {
        return rocAuc(Buffers.doubles(scores), labels, mask);
    }

    /**
     * Mean cross-entropy of the true classes under the softmax of {@code logits [N, C]}, in double precision: a
     * validation loss, which tells apart epochs whose accuracy is the same.
     */
    public static double crossEntropy(INDArray logits, int[] labels) {
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("crossEntropy expects logits [N, C], got shape "
                    + Arrays.toString(logits.shape()));
        }
        int n = Math.toIntExact(logits.rows());
        int c = Math.toIntExact(logits.columns());
        if (n != labels.length) {
            throw new IllegalArgumentException(n + " rows of scores for " + labels.length + " labels");
        }
        // one flat copy: ND4J's toDoubleMatrix makes a view per row, slow for the 100,000 rows of a big graph
        double[] s = Buffers.doubles(logits);
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += rowLoss(s, i * c, c, labels[i]);
        }
        return n == 0 ? Double.NaN : total / n;
    }

    /** As above, for logits as rows. */
    public static double crossEntropy(double[][] logits, int[] labels) {
        if (logits.length != labels.length) {
            throw new IllegalArgumentException(logits.length + " rows of scores for " + labels.length + " labels");
        }
        double total = 0;
        for (int i = 0; i < labels.length; i++) {
            total += rowLoss(logits[i], 0, logits[i].length, labels[i]);
        }
        return labels.length == 0 ? Double.NaN : total / labels.length;
    }

    /** -log softmax(row)[label] for the row of {@code width} scores at {@code offset}. */
    private static double rowLoss(double[] s, int offset, int width, int label) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < width; j++) {
            max = Math.max(max, s[offset + j]);
        }
        double sum = 0;
        for (int j = 0; j < width; j++) {
            sum += Math.exp(s[offset + j] - max);
        }
        return max + Math.log(sum) - s[offset + label];
    }

    /** Mean absolute error. */
    public static double mae(double[] predicted, double[] target) {
        checkLengths(predicted.length, target.length, null, "mae");
        double s = 0;
        for (int i = 0; i < predicted.length; i++) {
            s += Math.abs(predicted[i] - target[i]);
        }
        return s / predicted.length;
    }

    /** Root mean squared error. */
    public static double rmse(double[] predicted, double[] target) {
        checkLengths(predicted.length, target.length, null, "rmse");
        double s = 0;
        for (int i = 0; i < predicted.length; i++) {
            double d = predicted[i] - target[i];
            s += d * d;
        }
        return Math.sqrt(s / predicted.length);
    }

    public static double mae(INDArray predicted, INDArray target) {
        checkShapes(predicted, target, "mae");
        return mae(Buffers.doubles(predicted), Buffers.doubles(target));
    }

    public static double rmse(INDArray predicted, INDArray target) {
        checkShapes(predicted, target, "rmse");
        return rmse(Buffers.doubles(predicted), Buffers.doubles(target));
    }

    private static boolean counts(int label, boolean[] mask, int i) {
        return label >= 0 && (mask == null || mask[i]);
    }

    private static void checkLengths(int predicted, int labels, boolean[] mask, String what) {
        if (predicted != labels) {
            throw new IllegalArgumentException(what + ": " + predicted + " predictions but " + labels + " labels");
        }
        if (mask != null && mask.length != labels) {
            throw new IllegalArgumentException(what + ": " + labels + " labels but a mask of length " + mask.length);
        }
        if (labels == 0) {
            throw new IllegalArgumentException(what + ": no rows");
        }
    }

    private static void checkShapes(INDArray a, INDArray b, String what) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(what + ": prediction shape " + Arrays.toString(a.shape())
                    + " differs from target shape " + Arrays.toString(b.shape()));
        }
    }
}
