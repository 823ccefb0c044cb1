package org.erlangen.neo4j.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.erlangen.gnn.aggr.DegreeScaler;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.gnn.models.ModelConfig;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.graph.Splits;
import org.erlangen.neo4j.config.TrainConfig;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Tensor;
import org.erlangen.tensor.Workspace;
import org.erlangen.train.Adam;
import org.erlangen.train.Losses;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains a model for a node- or graph-level task: full-graph steps for node tasks, shuffled mini-batches of graphs
 * for graph tasks; classification with cross-entropy, regression with squared error on standardised targets. The
 * parameters of the epoch with the best validation metric are kept. {@code check} runs before every step, so a
 * terminated transaction stops training within one step.
 */
public final class ModelTrainer {
    /** One epoch's mean training loss and validation metric (NaN without validation items). */
    public record Epoch(int epoch, double loss, double validation) {
    }

    public record Result(TrainedModel model, List<Epoch> epochs, int bestEpoch, int trainCount,
            int validationCount, int testCount, double train, double validation, double test) {
    }

    private final Dataset data;
    private final TrainConfig config;
    private final Runnable check;

    public ModelTrainer(Dataset data, TrainConfig config, Runnable check) {
        this.data = data;
        this.config = config;
        this.check = check;
    }

    public Result train(String name) {
        var task = config.task();
        Object[] raw = data.perItem(data.stored().targets(), config.targetProperty());
        Object[] splitValues = data.stored().splits() == null ? null
                : data.perItem(data.stored().splits(), config.splitProperty());
        List<Object> classes = null;
        int[] labels = null;
        double[] values = null;
        boolean[] labelled = new boolean[raw.length];
        if (task.classification()) {
            classes = Targets.classes(raw, config.targetProperty(), data.itemName());
            labels = Targets.classIndices(raw, classes);
            for (int i = 0; i < raw.length; i++) {
                labelled[i] = labels[i] >= 0;
            }
        } else {
            values = Targets.numbers(raw, config.targetProperty(), data.itemName());
            for (int i = 0; i < raw.length; i++) {
                labelled[i] = !Double.isNaN(values[i]);
            }
        }
        Splits.Split split = ItemSplit.of(splitValues, config.splitProperty(), labelled, labels,
                config.validationFraction(), config.testFraction(), config.seed(), config.targetProperty(),
                data.itemName(), data.itemKind());
        if (task.classification() && classes.size() < 2) {
            throw new IllegalArgumentException("targetProperty '" + config.targetProperty() + "' has only one value ("
                    + classes.get(0) + ") on the labelled " + data.itemKind() + "; classification needs two or more");
        }
        double mean = 0;
        double std = 1;
        if (!task.classification()) {
            double[] v = values;
            mean = IntStream.of(split.train()).mapToDouble(i -> v[i]).average().orElse(0);
            double m = mean;
            double var = IntStream.of(split.train()).mapToDouble(i -> (v[i] - m) * (v[i] - m)).average().orElse(0);
            std = var > 1e-24 ? Math.sqrt(var) : 1;
        }
        ModelSpec spec = new ModelSpec(task, config.graph(), config.targetProperty(), data.stored().propertyWidths(),
                classes, mean, std);
        List<Graph> degreeGraphs = task.graphLevel() ? data.graphs() : List.of(data.whole());
        double delta = DegreeScaler.delta(degreeGraphs);
        ModelConfig modelConfig = new ModelConfig(config.model(), task.graphLevel() ? "graph" : "node",
                data.stored().featureWidth(), config.hidden(), task.classification() ? classes.size() : 1,
                config.layers(), config.dropout(), config.readout(), config.heads(),
                delta > 0 ? delta : 1.0, config.norm(), true); // delta is 0 without edges; only PNA reads it
        GnnModel network = new GnnModel(modelConfig, config.seed(), Dataset.dtype());
        Adam adam = new Adam(network.parameters(), config.learningRate(), Adam.DEFAULT_BETA1, Adam.DEFAULT_BETA2,
                Adam.DEFAULT_EPS, config.weightDecay());

        Objective objective = new Objective(labels, values, mean, std);
        List<Epoch> epochs = new ArrayList<>();
        double best = Double.NaN;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        Map<String, INDArray> bestState = null;
        INDArray bestOutputs = null;
        Random shuffle = new Random(config.seed());
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            double loss = task.graphLevel() ? graphEpoch(network, adam, objective, split.train(), shuffle)
                    : nodeEpoch(network, adam, objective, split.train());
            double validation = Double.NaN;
            if (split.validation().length > 0) {
                INDArray outputs = Forward.outputs(network, data, check);
                validation = objective.metric(outputs, split.validation());
                // accuracy on a few nodes ties often; among ties the lower loss wins
                double validationLoss = objective.nll(outputs, split.validation());
                if (bestState == null || objective.better(validation, best)
                        || (validation == best && validationLoss < bestLoss)) {
                    best = validation;
                    bestLoss = validationLoss;
                    bestEpoch = epoch;
                    bestState = network.stateCopy();
                    bestOutputs = outputs; // the outputs of bestState, so the final metrics need no pass
                }
            }
            epochs.add(new Epoch(epoch, loss, validation));
            if (config.patience() > 0 && bestState != null && epoch - bestEpoch >= config.patience()) {
                break;
            }
        }
        if (bestState != null) {
            network.loadStateDict(bestState);
        } else {
            bestEpoch = epochs.size();
        }
        INDArray outputs = bestOutputs != null ? bestOutputs : Forward.outputs(network, data, check);
        double train = objective.metric(outputs, split.train());
        double validation = split.validation().length > 0 ? objective.metric(outputs, split.validation()) : Double.NaN;
        double test = split.test().length > 0 ? objective.metric(outputs, split.test()) : Double.NaN;
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("metric", task.metric());
        metrics.put("train", train);
        metrics.put("validation", validation);
        metrics.put("test", test);
        metrics.put("bestEpoch", bestEpoch);
        return new Result(new TrainedModel(name, network, spec, metrics), epochs, bestEpoch, split.train().length,
                split.validation().length, split.test().length, train, validation, test);
    }

    private double nodeEpoch(GnnModel network, Adam adam, Objective objective, int[] train) {
        check.run();
        Graph g = data.whole();
        network.train(true);
        try (var step = Workspace.step()) {
            Tensor outputs = Sparse.indexSelect(network.nodes(g, Tensor.constant(g.nodeFeatures())), train);
            Tensor loss = objective.loss(outputs, train);
            loss.backward();
            adam.step();
            network.zeroGrad();
            return loss.item();
        }
    }

    private double graphEpoch(GnnModel network, Adam adam, Objective objective, int[] train, Random shuffle) {
        int[] order = train.clone();
        for (int i = order.length - 1; i > 0; i--) {
            int j = shuffle.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        double total = 0;
        for (int start = 0; start < order.length; start += config.batchSize()) {
            check.run();
            int[] items = java.util.Arrays.copyOfRange(order, start, Math.min(order.length,
                    start + config.batchSize()));
            List<Graph> graphs = new ArrayList<>();
            for (int i : items) {
                graphs.add(data.graphs().get(i));
            }
            GraphBatch batch = GraphBatch.of(graphs);
            network.train(true);
            try (var step = Workspace.step()) {
                Tensor outputs = network.graphs(batch, Tensor.constant(batch.graph().nodeFeatures()));
                Tensor loss = objective.loss(outputs, items);
                loss.backward();
                adam.step();
                network.zeroGrad();
                total += loss.item() * items.length;
            }
        }
        return total / order.length;
    }

    /** The loss and metric of the task: cross-entropy and accuracy, or squared error and RMSE. */
    private static final class Objective {
        private final int[] labels;
        private final double[] values;
        private final double mean;
        private final double std;

        Objective(int[] labels, double[] values, double mean, double std) {
            this.labels = labels;
            this.values = values;
            this.mean = mean;
            this.std = std;
        }

        Tensor loss(Tensor outputs, int[] items) {
            if (labels != null) {
                return Losses.crossEntropy(outputs, IntStream.of(items).map(i -> labels[i]).toArray());
            }
            double[] standardised = IntStream.of(items).mapToDouble(i -> (values[i] - mean) / std).toArray();
            INDArray target = Nd4j.createFromArray(standardised).reshape(items.length, 1)
                    .castTo(outputs.data().dataType());
            return Losses.mse(outputs, Tensor.constant(target));
        }

        double metric(INDArray outputs, int[] items) {
            if (items.length == 0) {
                return Double.NaN;
            }
            if (labels != null) {
                int[] predicted = org.erlangen.train.Metrics.argmax(Nd4j.pullRows(outputs, 1, items));
                int correct = 0;
                for (int k = 0; k < items.length; k++) {
                    correct += predicted[k] == labels[items[k]] ? 1 : 0;
                }
                return (double) correct / items.length;
            }
            double squared = 0;
            for (int i : items) {
                double error = outputs.getDouble(i, 0) * std + mean - values[i];
                squared += error * error;
            }
            return Math.sqrt(squared / items.length);
        }

        /** Mean negative log-likelihood of the true classes (0 for regression, where the metric rarely ties). */
        double nll(INDArray outputs, int[] items) {
            if (labels == null) {
                return 0;
            }
            double[][] rows = Nd4j.pullRows(outputs, 1, items).toDoubleMatrix();
            double total = 0;
            for (int k = 0; k < items.length; k++) {
                double max = Double.NEGATIVE_INFINITY;
                for (double v : rows[k]) {
                    max = Math.max(max, v);
                }
                double sum = 0;
                for (double v : rows[k]) {
                    sum += Math.exp(v - max);
                }
                total += max + Math.log(sum) - rows[k][labels[items[k]]];
            }
            return total / items.length;
        }

        boolean better(double metric, double best) {
            return labels != null ? metric > best : metric < best;
        }
    }
}
