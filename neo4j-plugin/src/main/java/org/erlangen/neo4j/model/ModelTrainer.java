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
import org.erlangen.gnn.models.SampledBatch;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.graph.Shuffle;
import org.erlangen.graph.Splits;
import org.erlangen.graph.sampling.NeighborLoader;
import org.erlangen.graph.sampling.NeighborSampler;
import org.erlangen.graph.sampling.NodeRows;
import org.erlangen.kernels.Termination;
import org.erlangen.neo4j.config.TrainConfig;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Tensor;
import org.erlangen.train.Losses;
import org.erlangen.train.Metrics;
import org.erlangen.train.Objective;
import org.erlangen.train.Trainer;
import org.erlangen.train.TrainingWarning;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains a model for a node- or graph-level task with the {@link Trainer}: full-graph steps for node tasks (or, with
 * {@code fanouts}, mini-batches of training nodes on sampled neighbourhoods, validated layer-wise), shuffled
 * mini-batches of graphs for graph tasks; classification with cross-entropy, regression with squared error
 * on standardised targets. The parameters of the epoch with the best validation metric are kept. Continuous features
 * are standardised inside the model with the training items' statistics (the training nodes, or every node of the
 * training graphs) unless the config turns it off. {@code check}, the trainer's termination check, runs before every
 * step and, as the thread's {@link Termination} check, inside it (between layers, backward closures, slabs of large
 * products) and while the model is built, so a terminated transaction stops training within a fraction of a step.
 * A classifier that learnt a constant, or no more than the majority class, ends with {@link Result#warnings()}.
 */
public final class ModelTrainer {
    /** One epoch's mean training loss and validation metric (NaN without validation items). */
    public record Epoch(int epoch, double loss, double validation) {
    }

    public record Result(TrainedModel model, List<Epoch> epochs, int bestEpoch, int trainCount,
            int validationCount, int testCount, double train, double validation, double test,
            List<TrainingWarning> warnings) {
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
        try (var checked = Termination.checkedBy(check)) {
            return run(name);
        }
    }

    private Result run(String name) {
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
                classes, mean, std, config.fanouts());
        List<Graph> degreeGraphs = task.graphLevel() ? data.graphs() : List.of(data.whole());
        double delta = DegreeScaler.delta(degreeGraphs);
        ModelConfig modelConfig = new ModelConfig(config.model(), task.graphLevel() ? "graph" : "node",
                data.stored().featureWidth(), config.hidden(), task.classification() ? classes.size() : 1,
                config.layers(), config.dropout(), config.readout(), config.heads(),
                delta > 0 ? delta : 1.0, config.norm(), true) // delta is 0 without edges; only PNA reads it
                .withFeatureScaling(config.scaleFeatures()).withRelations(data.stored().relations());
        GnnModel network = new GnnModel(modelConfig, config.seed(), Dataset.dtype());
        if (task.graphLevel()) {
            network.fitFeatureScaling(IntStream.of(split.train()).mapToObj(g -> data.graphs().get(g).nodeFeatures())
                    .toList());
        } else {
            network.fitFeatureScaling(data.whole().nodeFeatures(), split.train());
        }
        Scoring scoring = new Scoring(labels, values, mean, std);
        Fit<?> fitting = config.sampled() ? new Sampling(network, scoring, split, classes)
                : new Fitting(network, scoring, split, classes);
        List<Epoch> epochs = new ArrayList<>();
        Trainer.Result fit = new Trainer(config.training()).terminationCheck(check).listener(e -> {
            epochs.add(new Epoch(e.epoch(), e.loss(), e.metric(fitting.metricKey())));
            if (e.best()) {
                fitting.keepOutputs(); // the outputs of the kept parameters, so the final metrics need no pass
            }
        }).fit(fitting);
        INDArray outputs = fit.bestEpoch() > 0 ? fitting.keptOutputs() : Forward.outputs(network, data,
                config.sampled(), check);
        double train = scoring.metric(outputs, split.train());
        double validation = split.validation().length > 0 ? scoring.metric(outputs, split.validation()) : Double.NaN;
        double test = split.test().length > 0 ? scoring.metric(outputs, split.test()) : Double.NaN;
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("metric", task.metric());
        metrics.put("train", train);
        metrics.put("validation", validation);
        metrics.put("test", test);
        metrics.put("bestEpoch", fit.keptEpoch());
        return new Result(new TrainedModel(name, network, spec, metrics), epochs, fit.keptEpoch(),
                split.train().length, split.validation().length, split.test().length, train, validation, test,
                fit.warnings());
    }

    /**
     * What both ways of training share: the model, validation on every item at once (one pass for nodes, layer-wise
     * for a sampled model; batches of graphs for graph tasks), the monitor and the classifier's warnings.
     */
    private abstract class Fit<B> implements Objective<B> {
        final GnnModel network;
        final Scoring scoring;
        final Splits.Split split;
        private final List<Object> classes;
        private INDArray lastOutputs;
        private INDArray keptOutputs;

        Fit(GnnModel network, Scoring scoring, Splits.Split split, List<Object> classes) {
            this.network = network;
            this.scoring = scoring;
            this.split = split;
            this.classes = classes;
        }

        String metricKey() {
            return "val_" + config.task().metric();
        }

        @Override
        public GnnModel module() {
            return network;
        }

        @Override
        public Map<String, Double> validate() {
            if (split.validation().length == 0) {
                return Map.of();
            }
            lastOutputs = Forward.outputs(network, data, config.sampled(), check);
            Map<String, Double> m = new LinkedHashMap<>();
            m.put(metricKey(), scoring.metric(lastOutputs, split.validation()));
            if (config.task().classification()) {
                m.put(VALIDATION_LOSS, scoring.nll(lastOutputs, split.validation()));
            }
            return m;
        }

        @Override
        public Monitor monitor() {
            return new Monitor(metricKey(), config.task().classification());
        }

        @Override
        public String inputs() {
            return network.featureScalingNote();
        }

        /** For classification: checked on the validation items, or on the training items when there are none. */
        @Override
        public List<TrainingWarning> warnings() {
            if (!config.task().classification()) {
                return List.of();
            }
            INDArray outputs = keptOutputs != null ? keptOutputs : Forward.outputs(network, data, config.sampled(),
                    check);
            boolean validated = split.validation().length > 0;
            int[] items = validated ? split.validation() : split.train();
            return TrainingWarning.forClassifier(Metrics.argmax(Nd4j.pullRows(outputs, 1, items)),
                    scoring.labels(items), scoring.labels(split.train()),
                    (validated ? "validation " : "training ") + data.itemKind(), c -> String.valueOf(classes.get(c)));
        }

        void keepOutputs() {
            keptOutputs = lastOutputs;
        }

        INDArray keptOutputs() {
            return keptOutputs;
        }
    }

    /** A full-graph step on the training nodes, or shuffled mini-batches of the training graphs. */
    private final class Fitting extends Fit<int[]> {
        private final Random shuffle = new Random(config.seed());

        Fitting(GnnModel network, Scoring scoring, Splits.Split split, List<Object> classes) {
            super(network, scoring, split, classes);
        }

        @Override
        public int batchesPerEpoch() {
            int n = split.train().length;
            return config.task().graphLevel() ? (n + config.batchSize() - 1) / config.batchSize() : 1;
        }

        @Override
        public Iterable<int[]> batches(int epoch) {
            if (!config.task().graphLevel()) {
                return List.of(split.train());
            }
            return Shuffle.batches(split.train(), config.batchSize(), shuffle);
        }

        @Override
        public Tensor loss(int[] items) {
            if (!config.task().graphLevel()) {
                Graph g = data.whole();
                return scoring.loss(Sparse.indexSelect(network.nodes(g, Tensor.constant(g.nodeFeatures())), items),
                        items);
            }
            GraphBatch batch = GraphBatch.of(data.graphs(), items);
            return scoring.loss(network.graphs(batch, Tensor.constant(batch.graph().nodeFeatures())), items);
        }

        @Override
        public int weight(int[] items) {
            return items.length;
        }
    }

    /**
     * Mini-batches of {@code batchSize} training nodes with their sampled neighbourhoods, one hop per layer, sampled
     * ahead on one worker thread by a {@link NeighborLoader}, their feature rows gathered from the features where
     * the read left them on the heap ({@link Dataset#nodeRows}: a row is one array copy, not a call into native
     * code). What a batch samples is a function of (seed, epoch) alone, so a run is the same at any concurrency. A
     * layer that expects self loops gets them after sampling.
     */
    private final class Sampling extends Fit<SampledBatch> {
        private final NeighborLoader<SampledBatch> loader;

        Sampling(GnnModel network, Scoring scoring, Splits.Split split, List<Object> classes) {
            super(network, scoring, split, classes);
            NodeRows features = data.nodeRows();
            var sampler = NeighborSampler.uniform(data.unlooped().adjacency(), config.fanoutArray(), false);
            this.loader = NeighborLoader.builder(sampler, split.train(),
                    sub -> SampledBatch.of(sub, features, config.model())).batchSize(config.batchSize())
                    .seed(config.seed()).workers(1).whenDone(SampledBatch::release).build();
        }

        @Override
        public int batchesPerEpoch() {
            return loader.batchesPerEpoch();
        }

        @Override
        public Iterable<SampledBatch> batches(int epoch) {
            return loader.epoch(epoch);
        }

        @Override
        public Tensor loss(SampledBatch batch) {
            return scoring.loss(batch.outputs(network), batch.seeds());
        }

        @Override
        public int weight(SampledBatch batch) {
            return batch.seeds().length;
        }
    }

    /** The loss and metric of the task: cross-entropy and accuracy, or squared error and RMSE. */
    private static final class Scoring {
        private final int[] labels;
        private final double[] values;
        private final double mean;
        private final double std;

        Scoring(int[] labels, double[] values, double mean, double std) {
            this.labels = labels;
            this.values = values;
            this.mean = mean;
            this.std = std;
        }

        int[] labels(int[] items) {
            return IntStream.of(items).map(i -> labels[i]).toArray();
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
                int[] predicted = Metrics.argmax(Nd4j.pullRows(outputs, 1, items));
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

        /** Mean negative log-likelihood of the true classes: ties in accuracy go to the lower one. */
        double nll(INDArray outputs, int[] items) {
            return Metrics.crossEntropy(Nd4j.pullRows(outputs, 1, items), IntStream.of(items).map(i -> labels[i])
                    .toArray());
        }
    }
}
