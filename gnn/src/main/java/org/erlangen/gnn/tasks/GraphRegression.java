package org.erlangen.gnn.tasks;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.graph.GraphLoader;
import org.erlangen.nn.Module;
import org.erlangen.tensor.GradMode;
import org.erlangen.tensor.Tensor;
import org.erlangen.tensor.Workspace;
import org.erlangen.train.Losses;
import org.erlangen.train.Objective;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One value per graph (a molecule's energy or property) learned on normalised targets: the {@link Objective} for the
 * trainer (shuffled mini-batches of the training graphs, an L1 or squared loss on the normalised targets, the
 * validation error in target units) and predictions mapped back to target units. A task brings its model and how
 * its targets are scaled.
 */
public final class GraphRegression {
    /** The loss on normalised targets. */
    public enum Loss { MSE, L1 }

    /** The validation error the trainer watches, in target units (lower is better). */
    public enum Metric {
        MAE("val_mae"), RMSE("val_rmse");

        private final String key;

        Metric(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /** Maps graph {@code g}'s target to the model's scale and the model's output back. */
    public interface Scale {
        double normalise(double target, int graph);

        double denormalise(double output, int graph);
    }

    private final Module model;
    private final Function<GraphBatch, Tensor> forward;
    private final List<Graph> graphs;
    private final double[] targets;

    /**
     * @param forward the model's output for a batch, {@code [graphs, 1]}
     * @param graphs graphs whose first graph target is the value to learn
     * @param item what a graph is, and {@code target} what its value is, for messages ("molecule", "energy")
     */
    public GraphRegression(Module model, Function<GraphBatch, Tensor> forward, List<Graph> graphs, String item,
            String target) {
        if (graphs.isEmpty()) {
            throw new IllegalArgumentException("no " + item + "s to train on");
        }
        this.model = model;
        this.forward = forward;
        this.graphs = graphs;
        this.targets = new double[graphs.size()];
        for (int i = 0; i < targets.length; i++) {
            var t = graphs.get(i).graphTargets();
            if (t == null || t.length() < 1) {
                throw new IllegalArgumentException(item + " " + i + " has no " + target);
            }
            targets[i] = t.getDouble(0);
        }
    }

    /** The target of graph {@code i}. */
    public double target(int i) {
        return targets[i];
    }

    /** The targets of the graphs at {@code indices}. */
    public double[] targets(int[] indices) {
        return Arrays.stream(indices).mapToDouble(i -> targets[i]).toArray();
    }

    /** What the trainer needs: batches of {@code train}, shuffled by {@code seed}; the error on {@code validation}. */
    public Objective<int[]> objective(Scale scale, Loss loss, Metric metric, int[] train, int[] validation,
            int batchSize, long seed) {
        GraphLoader loader = GraphLoader.over(graphs).indices(train).batchSize(batchSize).shuffle(seed).build();
        boolean validated = validation != null && validation.length > 0;
        return new Objective<>() {
            @Override
            public Module module() {
                return model;
            }

            @Override
            public int batchesPerEpoch() {
                return loader.batchesPerEpoch();
            }

            @Override
            public Iterable<int[]> batches(int epoch) {
                return loader.batchIndices(epoch - 1);
            }

            @Override
            public Tensor loss(int[] indices) {
                GraphBatch batch = GraphBatch.of(graphs, indices);
                Tensor prediction = forward.apply(batch);
                double[] y = new double[indices.length];
                for (int k = 0; k < y.length; k++) {
                    y[k] = scale.normalise(targets[indices[k]], indices[k]);
                }
                Tensor target = Tensor.constant(Nd4j.createFromArray(y).reshape(y.length, 1)
                        .castTo(prediction.dtype()));
                return loss == Loss.L1 ? Losses.l1(prediction, target) : Losses.mse(prediction, target);
            }

            @Override
            public int weight(int[] indices) {
                return indices.length;
            }

            @Override
            public Map<String, Double> validate() {
                if (!validated) {
                    return Map.of();
                }
                Evaluation e = Evaluation.of(targets(validation), predict(scale, validation, batchSize));
                return Map.of(metric.key(), metric == Metric.MAE ? e.mae() : e.rmse());
            }

            @Override
            public Monitor monitor() {
                return new Monitor(metric.key(), false);
            }
        };
    }

    /** Predictions for the graphs at {@code indices}, in target units and that order, with dropout off. */
    public double[] predict(Scale scale, int[] indices, int batchSize) {
        model.eval();
        double[] predictions = new double[indices.length];
        for (int from = 0; from < indices.length; from += batchSize) {
            int[] chunk = Arrays.copyOfRange(indices, from, Math.min(indices.length, from + batchSize));
            double[] out;
            try (var noGrad = GradMode.noGrad(); var ignored = Workspace.step()) {
                out = forward.apply(GraphBatch.of(graphs, chunk)).data().castTo(DataType.DOUBLE).toDoubleVector();
            }
            for (int k = 0; k < chunk.length; k++) {
                predictions[from + k] = scale.denormalise(out[k], chunk[k]);
            }
        }
        return predictions;
    }

    /** Predictions for {@code indices} against their targets. */
    public Evaluation evaluate(Scale scale, int[] indices, int batchSize) {
        return Evaluation.of(targets(indices), predict(scale, indices, batchSize));
    }
}
