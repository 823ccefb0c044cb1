package org.erlangen.gauge.sphere;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.erlangen.graph.Shuffle;
import org.erlangen.tensor.GradMode;
import org.erlangen.tensor.Tensor;
import org.erlangen.tensor.Workspace;
import org.erlangen.train.Losses;
import org.erlangen.train.Metrics;
import org.erlangen.train.Objective;
import org.erlangen.train.Trainer;
import org.erlangen.train.TrainingListener;
import org.erlangen.train.TrainingSettings;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Trains a {@link SphericalCnn} on labelled grid signals [N, channels, (2B)^2] with the {@link Trainer}: shuffled
 * mini-batches, cross-entropy, Adam; validation accuracy picks the epoch kept.
 */
public final class SphereClassifier {
    private final int bandwidth;
    private final int hidden;
    private final int batchSize;
    private final TrainingSettings training;
    private final long seed;
    private SphericalCnn model;

    public SphereClassifier(int bandwidth, int hidden, int batchSize, TrainingSettings training, long seed) {
        if (bandwidth < 1 || hidden < 1 || batchSize < 1) {
            throw new IllegalArgumentException("bandwidth, hidden channels and batch size must be >= 1, got "
                    + bandwidth + ", " + hidden + ", " + batchSize);
        }
        this.bandwidth = bandwidth;
        this.hidden = hidden;
        this.batchSize = batchSize;
        this.training = training;
        this.seed = seed;
    }

    public SphericalCnn model() {
        return model;
    }

    /**
     * Trains a fresh network on {@code signals} with {@code labels}, validating on {@code validationSignals} (none
     * when null: the last epoch is kept). The classes are 0 .. {@code classes - 1}.
     */
    public Trainer.Result fit(INDArray signals, int[] labels, int classes, INDArray validationSignals,
            int[] validationLabels, TrainingListener listener) {
        if (signals.rank() != 3 || signals.size(0) != labels.length) {
            throw new IllegalArgumentException("expected signals [" + labels.length + ", channels, grid], got "
                    + Arrays.toString(signals.shape()));
        }
        model = new SphericalCnn(bandwidth, (int) signals.size(1), hidden, classes, new SplittableRandom(seed),
                signals.dataType());
        INDArray rows = signals.reshape('c', signals.size(0), signals.length() / signals.size(0));
        SplittableRandom order = new SplittableRandom(seed + 1);
        int n = labels.length;
        Objective<int[]> objective = new Objective<>() {
            @Override
            public SphericalCnn module() {
                return model;
            }

            @Override
            public int batchesPerEpoch() {
                return (n + batchSize - 1) / batchSize;
            }

            @Override
            public Iterable<int[]> batches(int epoch) {
                return Shuffle.batches(IntStream.range(0, n).toArray(), batchSize, order);
            }

            @Override
            public Tensor loss(int[] batch) {
                int[] y = new int[batch.length];
                for (int i = 0; i < batch.length; i++) {
                    y[i] = labels[batch[i]];
                }
                INDArray part = Nd4j.pullRows(rows, 1, batch).reshape('c', batch.length, signals.size(1),
                        signals.size(2));
                return Losses.crossEntropy(model.forward(Tensor.constant(part)), y);
            }

            @Override
            public int weight(int[] batch) {
                return batch.length;
            }

            @Override
            public Map<String, Double> validate() {
                return validationSignals == null ? Map.of()
                        : Map.of("val_accuracy", accuracy(validationSignals, validationLabels));
            }

            @Override
            public Monitor monitor() {
                return validationSignals == null ? null : new Monitor("val_accuracy", true);
            }
        };
        return new Trainer(training).listener(listener).fit(objective);
    }

    /** The class of each signal. */
    public int[] predict(INDArray signals) {
        if (model == null) {
            throw new IllegalStateException("predict before fit");
        }
        model.eval();
        int n = (int) signals.size(0);
        int[] out = new int[n];
        try (var noGrad = GradMode.noGrad()) {
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                try (var step = Workspace.step()) {
                    INDArray part = signals.get(NDArrayIndex.interval(from, to), NDArrayIndex.all(),
                            NDArrayIndex.all()).dup();
                    int[] classes = Metrics.argmax(model.forward(Tensor.constant(part)).data());
                    System.arraycopy(classes, 0, out, from, classes.length);
                }
            }
        }
        return out;
    }

    public double accuracy(INDArray signals, int[] labels) {
        int[] predicted = predict(signals);
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            right += predicted[i] == labels[i] ? 1 : 0;
        }
        return (double) right / labels.length;
    }

    /** One-channel grid signals as the tensor the network takes, [N, 1, points]. */
    public static INDArray tensor(List<float[]> signals, DataType dtype) {
        int points = signals.isEmpty() ? 0 : signals.get(0).length;
        float[] all = new float[signals.size() * points];
        for (int i = 0; i < signals.size(); i++) {
            if (signals.get(i).length != points) {
                throw new IllegalArgumentException("signal " + i + " has " + signals.get(i).length
                        + " values, the first " + points);
            }
            System.arraycopy(signals.get(i), 0, all, i * points, points);
        }
        return Nd4j.create(all, new long[] {signals.size(), 1, points}, 'c').castTo(dtype);
    }
}
