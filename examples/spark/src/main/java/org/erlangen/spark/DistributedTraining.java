package org.erlangen.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.gnn.models.ModelConfig;
import org.erlangen.gnn.models.PooledBlocks;
import org.erlangen.gnn.tasks.ShardSteps;
import org.erlangen.nn.Module;
import org.erlangen.tensor.Tensor;
import org.erlangen.train.GivenGradients;
import org.erlangen.train.Objective;
import org.erlangen.train.Trainer;
import org.erlangen.train.TrainingListener;
import org.erlangen.train.TrainingSettings;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scala.Tuple2;

/**
 * Data-parallel node classification on Spark, as DistDGL's: nodes hash-partitioned, each partition holding its nodes'
 * features plus the halo their neighbourhoods reach ({@link Shard}); for every step each task samples its own
 * mini-batch and computes its gradients with the one training step's forward and backward pass
 * ({@link ShardSteps}), {@code treeAggregate} sums them (weighted by the tasks' seeds), the one training loop on the
 * driver ({@link Trainer}) applies the update once, and the next step's weights are broadcast. Validation runs
 * distributed layer-wise inference over every node and scores the validation nodes. With one partition the steps are single-machine
 * mini-batch training's: the same batches, the same draws, the same losses.
 */
public final class DistributedTraining {
    /** Per executor: each run's shards' steps (model copy, loader), kept between the run's jobs. */
    private static final Map<String, ShardSteps> STEPS = new ConcurrentHashMap<>();

    /**
     * The model and sampling: as {@link org.erlangen.gnn.tasks.NodeClassifier}'s settings of the same names.
     * {@code batchSize} is the seeds of one step, as on one machine: each of {@code P} partitions takes
     * {@code ceil(batchSize / P)} of them, so an epoch makes about as many updates as single-machine training's (as
     * many as the shard with the most training nodes needs; hash partitioning keeps the shards close).
     * {@code haloFanouts} (null: all): at most this many in-edges per node and hop in a shard's halo, drawn once per
     * run; the steps then sample within them.
     */
    public record Settings(String layer, int layers, int hidden, double dropout, boolean scaleFeatures, int[] fanouts,
            int batchSize, long seed, TrainingSettings training, int[] haloFanouts) {
        /** With the whole neighbourhoods as the halo. */
        public Settings(String layer, int layers, int hidden, double dropout, boolean scaleFeatures, int[] fanouts,
                int batchSize, long seed, TrainingSettings training) {
            this(layer, layers, hidden, dropout, scaleFeatures, fanouts, batchSize, seed, training, null);
        }

        /** The seeds each of {@code partitions} tasks takes per step. */
        public int shardBatch(int partitions) {
            return (batchSize + partitions - 1) / partitions;
        }
    }

    /**
     * The trained model (its best epoch's parameters when the settings keep the best), the run, and the shards'
     * sizes: nodes (own and halo) and edges, summed over the partitions.
     */
    public record Result(GnnModel model, Trainer.Result training, long shardNodes, long shardEdges) {
    }

    private DistributedTraining() {
    }

    /**
     * Trains on the nodes of {@code train} (id, class) of {@code graph}; validates on {@code validation} (may be
     * null) after every epoch.
     */
    public static Result fit(JavaSparkContext sc, SparkGraph graph, JavaPairRDD<Long, Integer> train,
            JavaPairRDD<Long, Integer> validation, Settings settings, int partitions, TrainingListener listener) {
        if (settings.fanouts().length != settings.layers()) {
            throw new IllegalArgumentException(settings.fanouts().length + " fanouts for " + settings.layers()
                    + " layers: give one per layer, from the seeds outward");
        }
        if (validation != null && validation.isEmpty()) {
            validation = null; // nothing held out: no validation, as on one machine
        }
        int most = train.values().fold(-1, Math::max);
        if (most < 0) {
            throw new IllegalArgumentException("no training nodes: training needs labelled nodes that are not held "
                    + "out for validation");
        }
        JavaRDD<Shard> shards = Shards.build(graph, train, settings.layers(), partitions, settings.haloFanouts(),
                settings.seed()); // persisted
        String run = UUID.randomUUID().toString();
        try {
            int width = graph.features().map(x -> x._2().length).take(1).stream().findFirst().orElseThrow(
                    () -> new IllegalArgumentException("the node table is empty"));
            int classes = Math.max(most, validation == null ? -1 : validation.values().fold(-1, Math::max)) + 1;
            ModelConfig config = new ModelConfig(settings.layer(), "node", width, settings.hidden(), classes,
                    settings.layers(), settings.dropout(), "sum", 1, 1.0).withFeatureScaling(settings.scaleFeatures());
            GnnModel model = new GnnModel(config, settings.seed(), org.nd4j.linalg.api.buffer.DataType.FLOAT);
            new PooledBlocks(model, org.nd4j.linalg.api.buffer.DataType.FLOAT); // validation runs distributed
            if (settings.scaleFeatures()) {
                model.fitFeatureScaling(List.of(trainingRows(graph, train)));
            }
            List<int[]> sizes = shards.map(s -> new int[] {s.train().length, s.ids().length, s.edgeCount()})
                    .collect();
            int[] trainCounts = sizes.stream().mapToInt(z -> z[0]).toArray();
            var objective = new ShardObjective(sc, graph, shards, validation, model, config, settings, trainCounts,
                    partitions, run);
            objective.prepare();
            Trainer.Result result = new Trainer(settings.training()).listener(listener).fit(objective);
            release(shards, run);
            return new Result(model, result, sizes.stream().mapToLong(z -> z[1]).sum(),
                    sizes.stream().mapToLong(z -> z[2]).sum());
        } catch (RuntimeException e) {
            try {
                release(shards, run);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup); // the run's failure is what the caller needs to see
            }
            throw e;
        }
    }

    /** Drops the run's steps where the shards' tasks run, and the shards. */
    private static void release(JavaRDD<Shard> shards, String run) {
        try {
            shards.foreachPartition(it -> {
                it.forEachRemaining(shard -> { }); // read to the end: the cached block's lock is let go
                STEPS.keySet().removeIf(key -> key.startsWith(run));
            });
        } finally {
            shards.unpersist(false);
        }
    }

    /** The training nodes' feature rows in the order of their ids, for the feature scaling's statistics. */
    private static INDArray trainingRows(SparkGraph graph, JavaPairRDD<Long, Integer> train) {
        List<Tuple2<Long, float[]>> rows = new ArrayList<>(graph.features().join(train)
                .mapValues(Tuple2::_1).collect());
        rows.sort((a, b) -> Long.compare(a._1(), b._1()));
        int width = rows.get(0)._2().length;
        float[] flat = new float[rows.size() * width];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i)._2(), 0, flat, i * width, width);
        }
        return Nd4j.createFromArray(flat).reshape(rows.size(), width);
    }

    /** Step {@code batch} of epoch {@code epoch}: each shard's batch of that number. */
    record Step(int epoch, int batch) implements Serializable {
    }

    /** The model's state as plain arrays, the message that carries the weights to the tasks. */
    static final class Weights implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String[] names;
        private final long[][] shapes;
        private final float[][] values;

        Weights(String[] names, long[][] shapes, float[][] values) {
            this.names = names;
            this.shapes = shapes;
            this.values = values;
        }

        static Weights of(Module module) {
            Map<String, INDArray> state = module.stateDict();
            int n = state.size();
            String[] names = new String[n];
            long[][] shapes = new long[n][];
            float[][] values = new float[n][];
            int i = 0;
            for (var entry : state.entrySet()) {
                names[i] = entry.getKey();
                shapes[i] = entry.getValue().shape();
                values[i] = entry.getValue().castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data()
                        .asFloat();
                i++;
            }
            return new Weights(names, shapes, values);
        }

        Map<String, INDArray> toState() {
            Map<String, INDArray> state = new LinkedHashMap<>();
            for (int i = 0; i < names.length; i++) {
                state.put(names[i], Nd4j.createFromArray(values[i]).reshape(shapes[i]));
            }
            return state;
        }
    }

    /** The sum over tasks of seeds, seeds times loss, and seeds times gradients. */
    static final class Sum implements Serializable {
        private static final long serialVersionUID = 1L;
        static final Sum ZERO = new Sum(0, 0, null);
        private final long seeds;
        private final double loss;
        private final double[][] gradients;

        Sum(long seeds, double loss, double[][] gradients) {
            this.seeds = seeds;
            this.loss = loss;
            this.gradients = gradients;
        }

        long seeds() {
            return seeds;
        }

        double loss() {
            return loss;
        }

        double[][] gradients() {
            return gradients;
        }

        Sum add(ShardSteps.Gradients g) {
            return g == null ? this : plus(new Sum(g.seeds(), g.seeds() * g.loss(), scaled(g.values(), g.seeds())));
        }

        Sum plus(Sum other) {
            if (other.gradients == null) {
                return this;
            }
            if (gradients == null) {
                return other;
            }
            double[][] sum = new double[gradients.length][];
            for (int i = 0; i < sum.length; i++) {
                sum[i] = gradients[i].clone();
                for (int j = 0; j < sum[i].length; j++) {
                    sum[i][j] += other.gradients[i][j];
                }
            }
            return new Sum(seeds + other.seeds, loss + other.loss, sum);
        }

        private static double[][] scaled(double[][] values, int by) {
            double[][] out = new double[values.length][];
            for (int i = 0; i < out.length; i++) {
                out[i] = values[i].clone();
                for (int j = 0; j < out[i].length; j++) {
                    out[i][j] *= by;
                }
            }
            return out;
        }
    }

    /** This executor's steps for shard {@code index} of run {@code run}, made the first time they are asked for. */
    private static ShardSteps steps(String run, int index, Shard shard, String config, long seed, int[] fanouts,
            int batchSize) {
        return STEPS.computeIfAbsent(run + ":" + index, key -> new ShardSteps(shard.graph(), shard.labels(),
                shard.train(), ModelConfig.fromJson(com.google.gson.JsonParser.parseString(config)
                        .getAsJsonObject()), seed, fanouts, batchSize));
    }

    /** The driver's side: each step a Spark job over the shards; validation by distributed inference. */
    private static final class ShardObjective implements Objective<Step> {
        private final JavaSparkContext sc;
        private final SparkGraph graph;
        private final JavaRDD<Shard> shards;
        private final JavaPairRDD<Long, Integer> validation;
        private final GnnModel model;
        private final ModelConfig config;
        private final Settings settings;
        private final int[] trainCounts;
        private final int partitions;
        private final String run;
        private final int batchesPerEpoch;
        private final int shardBatch;

        ShardObjective(JavaSparkContext sc, SparkGraph graph, JavaRDD<Shard> shards,
                JavaPairRDD<Long, Integer> validation, GnnModel model, ModelConfig config, Settings settings,
                int[] trainCounts, int partitions, String run) {
            this.sc = sc;
            this.graph = graph;
            this.shards = shards;
            this.validation = validation;
            this.model = model;
            this.config = config;
            this.settings = settings;
            this.trainCounts = trainCounts;
            this.partitions = partitions;
            this.run = run;
            this.shardBatch = settings.shardBatch(partitions);
            int most = 0;
            for (int count : trainCounts) {
                most = Math.max(most, (count + shardBatch - 1) / shardBatch);
            }
            this.batchesPerEpoch = most;
        }

        @Override
        public Module module() {
            return model;
        }

        @Override
        public int batchesPerEpoch() {
            return batchesPerEpoch;
        }

        @Override
        public Iterable<Step> batches(int epoch) {
            List<Step> steps = new ArrayList<>(batchesPerEpoch);
            for (int b = 0; b < batchesPerEpoch; b++) {
                steps.add(new Step(epoch, b));
            }
            return steps;
        }

        /** The seeds of this step over all shards: every batch is full but a shard's last. */
        @Override
        public int weight(Step step) {
            int seeds = 0;
            for (int count : trainCounts) {
                seeds += Math.max(0, Math.min(shardBatch, count - step.batch() * shardBatch));
            }
            return seeds;
        }

        /** Builds each task's steps (its shard as a graph, the model copy, the loader) before the first epoch. */
        void prepare() {
            String run = this.run;
            String config = this.config.toJson().toString();
            long seed = settings.seed();
            int[] fanouts = settings.fanouts();
            int batchSize = shardBatch;
            shards.foreachPartition(it -> {
                int index = org.apache.spark.TaskContext.getPartitionId();
                it.forEachRemaining(shard -> {
                    if (shard.train().length > 0) {
                        steps(run, index, shard, config, seed, fanouts, batchSize);
                    }
                });
            });
        }

        @Override
        public Tensor loss(Step step) {
            Broadcast<Weights> weights = sc.broadcast(Weights.of(model));
            String run = this.run;
            String config = this.config.toJson().toString(); // the tasks rebuild the model from its config
            long seed = settings.seed();
            int[] fanouts = settings.fanouts();
            int batchSize = shardBatch;
            try {
                Sum sum = shards.mapPartitionsWithIndex((index, it) -> {
                    List<ShardSteps.Gradients> out = new ArrayList<>(1);
                    while (it.hasNext()) {
                        Shard shard = it.next();
                        if (shard.train().length == 0) {
                            continue; // a partition without training nodes sends nothing
                        }
                        ShardSteps steps = steps(run, index, shard, config, seed, fanouts, batchSize);
                        ShardSteps.Gradients g = steps.step(step.epoch(), step.batch(), weights.value().toState());
                        if (g != null) {
                            out.add(g);
                        }
                    }
                    return out.iterator();
                }, true).treeAggregate(Sum.ZERO, Sum::add, Sum::plus);
                if (sum.gradients() == null) {
                    throw new IllegalStateException("no shard has batch " + step.batch() + " of epoch "
                            + step.epoch());
                }
                List<Tensor> parameters = model.parameters();
                List<INDArray> gradients = new ArrayList<>(parameters.size());
                for (int i = 0; i < parameters.size(); i++) {
                    double[] g = sum.gradients()[i].clone();
                    for (int j = 0; j < g.length; j++) {
                        g[j] /= sum.seeds();
                    }
                    gradients.add(Nd4j.createFromArray(g).reshape(parameters.get(i).data().shape())
                            .castTo(parameters.get(i).dtype()));
                }
                return GivenGradients.loss(sum.loss() / sum.seeds(), parameters, gradients);
            } finally {
                weights.destroy();
            }
        }

        @Override
        public Map<String, Double> validate() {
            if (validation == null) {
                return Map.of();
            }
            try {
                ModelBroadcast broadcast = ModelBroadcast.of(sc, model);
                try (var inferred = DistributedInference.run(broadcast, graph, partitions)) {
                    JavaPairRDD<Long, float[]> outputs = inferred.rows();
                    double[] totals = outputs.join(validation).map(e -> {
                        float[] row = e._2()._1();
                        int label = e._2()._2();
                        double max = Double.NEGATIVE_INFINITY;
                        for (float v : row) {
                            max = Math.max(max, v);
                        }
                        double sumExp = 0;
                        for (float v : row) {
                            sumExp += Math.exp(v - max);
                        }
                        double crossEntropy = Math.log(sumExp) + max - row[label];
                        return new double[] {DistributedInference.argmax(row) == label ? 1 : 0, crossEntropy, 1};
                    }).treeAggregate(new double[3], (a, b) -> {
                        double[] c = a.clone();
                        for (int i = 0; i < 3; i++) {
                            c[i] += b[i];
                        }
                        return c;
                    }, (a, b) -> {
                        double[] c = a.clone();
                        for (int i = 0; i < 3; i++) {
                            c[i] += b[i];
                        }
                        return c;
                    });
                    return Map.of("val_acc", totals[0] / totals[2], VALIDATION_LOSS, totals[1] / totals[2]);
                } finally {
                    broadcast.destroy();
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public Monitor monitor() {
            return validation == null ? null : new Monitor("val_acc", true);
        }
    }
}
