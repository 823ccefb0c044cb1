package org.erlangen.gauge;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.erlangen.graph.Shuffle;
import org.erlangen.io.ConfigJson;
import org.erlangen.io.ModelFile;
import org.erlangen.mesh.MeshGraph;
import org.erlangen.mesh.MeshGraphs;
import org.erlangen.mesh.NormalWeighting;
import org.erlangen.mesh.TriangleMesh;
import org.erlangen.mesh.gen.MeshTransforms;
import org.erlangen.tensor.GradMode;
import org.erlangen.tensor.Tensor;
import org.erlangen.tensor.Workspace;
import org.erlangen.train.Losses;
import org.erlangen.train.LrSchedule;
import org.erlangen.train.Metrics;
import org.erlangen.train.Objective;
import org.erlangen.train.Trainer;
import org.erlangen.train.TrainingListener;
import org.erlangen.train.TrainingSettings;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Mesh classification with a {@link GemMeshModel}: meshes and class labels in, a trained classifier out. Every mesh
 * is described by vertex features that do not depend on its pose ({@link MeshGraphs.NodeFeatures#INVARIANT}: relative
 * vertex area, mean and Gaussian curvature; or {@link MeshGraphs.NodeFeatures#HEAT_KERNEL}: the heat kernel
 * signature, which also stays when a shape bends) and its gauge geometry, so predictions do not depend on how a mesh
 * is placed, turned or scaled, nor on the choice of tangent frames beyond the nonlinearities' small error.
 *
 * <pre>
 *   MeshClassifier c = MeshClassifier.builder().epochs(20).train(meshes, labels, validation, validationLabels, null);
 *   int label = c.classify(mesh);
 * </pre>
 *
 * <p>For a few dozen real meshes per class (SHREC 2011), what generalises is the heat kernel signature, label
 * smoothing, weight decay and stretched copies of the training meshes ({@link Builder#augment}); the README gives
 * the recipe and its figures.
 */
public final class MeshClassifier {
    /** A mesh made ready for the model: its levels, with the raw vertex features on level 0. */
    public record Prepared(MeshHierarchy hierarchy) {
        public INDArray features() {
            return hierarchy.level(0).graph().nodeFeatures();
        }
    }

    private final GemMeshModel model;
    private final MeshGraphs.NodeFeatures features;
    private final int bestEpoch;

    private MeshClassifier(GemMeshModel model, MeshGraphs.NodeFeatures features, int bestEpoch) {
        this.model = model;
        this.features = features;
        this.bestEpoch = bestEpoch;
    }

    public static Builder builder() {
        return new Builder();
    }

    public GemMeshModel model() {
        return model;
    }

    /** The epoch whose parameters were kept (the best on validation, or the last one). */
    public int bestEpoch() {
        return bestEpoch;
    }

    public int classCount() {
        return model.config().classes();
    }

    /** The vertex features the model reads. */
    public MeshGraphs.NodeFeatures features() {
        return features;
    }

    /**
     * The mesh's levels and its vertex features in the model's float type.
     *
     * @throws IllegalArgumentException if the mesh is not a consistently oriented manifold
     */
    public static Prepared prepare(TriangleMesh mesh, MeshGraphs.NodeFeatures features, GemModelConfig config,
            DataType dtype) {
        MeshGraph graph = MeshGraphs.build(mesh, new MeshGraphs.Options(features, dtype, NormalWeighting.AREA));
        return new Prepared(MeshHierarchy.build(graph, config.hierarchy()));
    }

    /** Prepares many meshes in parallel; the error names the mesh that failed. */
    public static List<Prepared> prepareAll(List<TriangleMesh> meshes, MeshGraphs.NodeFeatures features,
            GemModelConfig config, DataType dtype) {
        return prepareAll(meshes, features, config, dtype, 1);
    }

    /** The same for meshes that come in runs of {@code versions} (a mesh and its augmented copies). */
    private static List<Prepared> prepareAll(List<TriangleMesh> meshes, MeshGraphs.NodeFeatures features,
            GemModelConfig config, DataType dtype, int versions) {
        Prepared[] out = new Prepared[meshes.size()];
        IntStream.range(0, out.length).parallel().forEach(i -> {
            try {
                out[i] = prepare(meshes.get(i), features, config, dtype);
            } catch (IllegalArgumentException e) {
                String which = versions == 1 || i % versions == 0 ? "mesh " + i / versions
                        : "stretched copy " + i % versions + " of mesh " + i / versions;
                throw new IllegalArgumentException(which + ": " + e.getMessage(), e);
            }
        });
        return Arrays.asList(out);
    }

    public int classify(TriangleMesh mesh) {
        return argmax(logits(mesh));
    }

    public int[] classify(List<TriangleMesh> meshes) {
        double[][] scores = logits(prepareAll(meshes, features, model.config(), model.dtype()));
        return Arrays.stream(scores).mapToInt(MeshClassifier::argmax).toArray();
    }

    /** The class scores of one mesh. */
    public double[] logits(TriangleMesh mesh) {
        return logits(List.of(prepare(mesh, features, model.config(), model.dtype())))[0];
    }

    /** The class scores of prepared meshes, in batches, without recording gradients. */
    public double[][] logits(List<Prepared> meshes) {
        return predict(model, meshes, 32);
    }

    public double accuracy(List<TriangleMesh> meshes, int[] labels) {
        return accuracy(classify(meshes), labels);
    }

    static double accuracy(int[] predicted, int[] labels) {
        if (predicted.length != labels.length) {
            throw new IllegalArgumentException(predicted.length + " predictions for " + labels.length + " labels");
        }
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            right += predicted[i] == labels[i] ? 1 : 0;
        }
        return labels.length == 0 ? Double.NaN : (double) right / labels.length;
    }

    static double[][] predict(GemMeshModel model, List<Prepared> meshes, int batchSize) {
        model.eval();
        double[][] out = new double[meshes.size()][];
        for (int from = 0; from < meshes.size(); from += batchSize) {
            List<Prepared> part = meshes.subList(from, Math.min(meshes.size(), from + batchSize));
            MeshHierarchy batch = MeshHierarchy.batch(part.stream().map(Prepared::hierarchy).toList());
            try (var noGrad = GradMode.noGrad(); var step = Workspace.step()) {
                INDArray x = model.standardise(batch.level(0).graph().nodeFeatures());
                double[][] logits = model.forward(batch, Tensor.constant(x)).data().castTo(DataType.DOUBLE)
                        .toDoubleMatrix();
                System.arraycopy(logits, 0, out, from, logits.length);
            }
        }
        return out;
    }

    private static int argmax(double[] scores) {
        int best = 0;
        for (int c = 1; c < scores.length; c++) {
            if (scores[c] > scores[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Writes the model with its config and vertex features (safetensors). */
    public void save(Path file) throws IOException {
        JsonObject config = model.config().toJson();
        config.addProperty("features", features.name().toLowerCase(Locale.ROOT));
        ModelFile.save(file, model, config);
    }

    /** Reads a classifier written by {@link #save}. */
    public static MeshClassifier load(Path file) throws IOException {
        ModelFile.Contents contents = ModelFile.read(file);
        long values = contents.tensors().values().stream().mapToLong(INDArray::length).sum();
        // checked against the values held before anything is built, as a hostile file may declare any width
        GemModelConfig config = GemModelConfig.fromJson(contents.config(), values);
        DataType dtype = contents.tensors().values().iterator().next().dataType();
        MeshGraphs.NodeFeatures features = features(ConfigJson.of(contents.config(), "mesh classifier config")
                .getString("features", "invariant"), config.inputs());
        GemMeshModel model = new GemMeshModel(config, 0, dtype);
        ModelFile.loadInto(file, model);
        return new MeshClassifier(model, features, -1);
    }

    /** The vertex features named in a model file, which must be as wide as the model's input. */
    private static MeshGraphs.NodeFeatures features(String name, int inputs) {
        MeshGraphs.NodeFeatures features;
        try {
            features = MeshGraphs.NodeFeatures.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown vertex features '" + name + "'; expected invariant or "
                    + "heat_kernel");
        }
        if (features.width() != inputs) {
            throw new IllegalArgumentException("features '" + name + "' give " + features.width() + " values per "
                    + "vertex but the model takes " + inputs);
        }
        return features;
    }

    /** Settings for training; defaults suit meshes of a few hundred vertices. */
    public static final class Builder {
        private int channels = 8;
        private int maxOrder = 2;
        private int coarseLevels = 2;
        private double ratio = 0.25;
        private int meshBlocks = 1;
        private int coarseBlocks = 1;
        private RadialRings rings = RadialRings.defaults();
        private int samples = 7;
        private String activation = "relu";
        private int headHidden = 32;
        private int epochs = 20;
        private int batchSize = 16;
        private double learningRate = 0.005;
        private double weightDecay;
        private double labelSmoothing;
        private int augmentCopies;
        private double stretch;
        // validation accuracy on a few dozen meshes reaches 1 early and then ties: the validation loss tells the
        // epochs apart (without it, the generated 8-class set scored 0.9800 instead of 0.9975)
        private boolean tieBreak = true;
        private DataType dtype = DataType.FLOAT;
        private MeshGraphs.NodeFeatures features = MeshGraphs.NodeFeatures.INVARIANT;
        private long seed;

        private Builder() {
        }

        public Builder channels(int c) {
            channels = c;
            return this;
        }

        public Builder maxOrder(int m) {
            maxOrder = m;
            return this;
        }

        public Builder coarseLevels(int levels) {
            coarseLevels = levels;
            return this;
        }

        public Builder ratio(double r) {
            ratio = r;
            return this;
        }

        /** Residual blocks on the mesh level, before the first pooling. */
        public Builder meshBlocks(int blocks) {
            meshBlocks = blocks;
            return this;
        }

        /** Residual blocks on every coarse level. */
        public Builder coarseBlocks(int blocks) {
            coarseBlocks = blocks;
            return this;
        }

        public Builder rings(RadialRings r) {
            rings = r;
            return this;
        }

        public Builder samples(int n) {
            samples = n;
            return this;
        }

        public Builder activation(String name) {
            activation = name;
            return this;
        }

        public Builder headHidden(int width) {
            headHidden = width;
            return this;
        }

        public Builder epochs(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + n);
            }
            epochs = n;
            return this;
        }

        public Builder batchSize(int meshes) {
            if (meshes < 1) {
                throw new IllegalArgumentException("batch size must be >= 1, got " + meshes);
            }
            batchSize = meshes;
            return this;
        }

        public Builder learningRate(double lr) {
            learningRate = lr;
            return this;
        }

        /** L2 weight decay on every parameter ({@link TrainingSettings#weightDecay()}), 0 by default. */
        public Builder weightDecay(double decay) {
            if (!(decay >= 0)) {
                throw new IllegalArgumentException("weight decay must be >= 0, got " + decay);
            }
            weightDecay = decay;
            return this;
        }

        /** Whether ties in validation accuracy go to the lower validation loss ({@link TrainingSettings#tieBreak()}). */
        public Builder tieBreak(boolean on) {
            tieBreak = on;
            return this;
        }

        /**
         * The vertex features: {@link MeshGraphs.NodeFeatures#INVARIANT} (the default) or
         * {@link MeshGraphs.NodeFeatures#HEAT_KERNEL}, both independent of pose.
         */
        public Builder features(MeshGraphs.NodeFeatures f) {
            if (f != MeshGraphs.NodeFeatures.INVARIANT && f != MeshGraphs.NodeFeatures.HEAT_KERNEL) {
                throw new IllegalArgumentException("mesh classifier features must not depend on pose: INVARIANT or "
                        + "HEAT_KERNEL, got " + f);
            }
            features = f;
            return this;
        }

        /**
         * Augments every training mesh with {@code copies} randomly stretched versions
         * ({@link MeshTransforms#randomStretch}, factors in [1 - stretch, 1 + stretch]), prepared once; each epoch
         * trains on one version of every mesh, drawn by seed and epoch. Off (0 copies) by default.
         */
        public Builder augment(int copies, double stretch) {
            if (copies < 0) {
                throw new IllegalArgumentException("augmented copies must be >= 0, got " + copies);
            }
            if (!(stretch >= 0 && stretch < 1)) {
                throw new IllegalArgumentException("stretch must be in [0, 1), got " + stretch);
            }
            augmentCopies = copies;
            this.stretch = stretch;
            return this;
        }

        /** Label smoothing of the training loss ({@link Losses#crossEntropy(Tensor, int[], double)}), 0 by default. */
        public Builder labelSmoothing(double smoothing) {
            if (!(smoothing >= 0 && smoothing < 1)) {
                throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + smoothing);
            }
            labelSmoothing = smoothing;
            return this;
        }

        public Builder dtype(DataType type) {
            dtype = type;
            return this;
        }

        public Builder seed(long s) {
            seed = s;
            return this;
        }

        public GemModelConfig config(int classes) {
            return new GemModelConfig(features.width(), channels, maxOrder, coarseLevels, ratio, meshBlocks,
                    coarseBlocks, rings.count(), rings.inner(), rings.outer(), samples, activation, headHidden, classes,
                    seed);
        }

        /** Trains on all meshes for the set number of epochs, keeping the last parameters. */
        public MeshClassifier train(List<TriangleMesh> meshes, int[] labels) {
            return train(meshes, labels, List.of(), new int[0], epoch -> { });
        }

        /**
         * Trains with the {@link Trainer} (Adam, learning rate decayed on a cosine per step to 2% of its start) on
         * shuffled batches; with validation meshes, keeps the parameters of the epoch with the best validation
         * accuracy ({@code val_acc}; ties go to the lower validation loss unless {@link #tieBreak} is off).
         */
        public MeshClassifier train(List<TriangleMesh> meshes, int[] labels, List<TriangleMesh> validation,
                int[] validationLabels, TrainingListener listener) {
            int classes = checkLabels(meshes, labels, "training");
            checkLabels(validation, validationLabels, "validation");
            for (int l : validationLabels) {
                if (l >= classes) {
                    throw new IllegalArgumentException("validation label " + l + " is not among the " + classes
                            + " training classes");
                }
            }
            GemModelConfig config = config(classes);
            List<Prepared> train = prepareAll(augmented(meshes), features, config, dtype, augmentCopies + 1);
            List<Prepared> val = prepareAll(validation, features, config, dtype);
            GemMeshModel model = new GemMeshModel(config, seed, dtype);
            model.fitStandardisation(Nd4j.vstack(train.stream().map(Prepared::features)
                    .toArray(INDArray[]::new)));
            return fit(model, train, labels, val, validationLabels, listener);
        }

        /** Every mesh followed by its stretched copies: mesh i's versions are at i * versions + 0 ... versions - 1. */
        private List<TriangleMesh> augmented(List<TriangleMesh> meshes) {
            if (augmentCopies == 0) {
                return meshes;
            }
            List<TriangleMesh> out = new ArrayList<>();
            for (int i = 0; i < meshes.size(); i++) {
                out.add(meshes.get(i));
                for (int c = 0; c < augmentCopies; c++) {
                    out.add(MeshTransforms.randomStretch(meshes.get(i), stretch, seed * 1_000_003L + i * 131L + c));
                }
            }
            return out;
        }

        private MeshClassifier fit(GemMeshModel model, List<Prepared> train, int[] labels, List<Prepared> val,
                int[] valLabels, TrainingListener listener) {
            int versions = augmentCopies + 1;
            int steps = (labels.length + batchSize - 1) / batchSize;
            TrainingSettings settings = TrainingSettings.builder().epochs(epochs).tieBreak(tieBreak)
                    .weightDecay(weightDecay)
                    .schedule(LrSchedule.cosine(learningRate, learningRate * 0.02)).build();
            Objective<int[]> task = new Objective<>() {
                @Override
                public GemMeshModel module() {
                    return model;
                }

                @Override
                public int batchesPerEpoch() {
                    return steps;
                }

                @Override
                public Iterable<int[]> batches(int epoch) {
                    // entries index the prepared versions: one version of every mesh per epoch
                    int[] order = IntStream.range(0, labels.length).toArray();
                    SplittableRandom random = new SplittableRandom(seed * 31 + epoch);
                    Shuffle.inPlace(order, random);
                    for (int i = 0; i < order.length; i++) {
                        order[i] = order[i] * versions + (versions == 1 ? 0 : random.nextInt(versions));
                    }
                    List<int[]> out = new ArrayList<>();
                    for (int from = 0; from < order.length; from += batchSize) {
                        out.add(Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize)));
                    }
                    return out;
                }

                @Override
                public Tensor loss(int[] idx) {
                    MeshHierarchy batch = MeshHierarchy.batch(Arrays.stream(idx).mapToObj(i -> train.get(i)
                            .hierarchy()).toList());
                    int[] y = Arrays.stream(idx).map(i -> labels[i / versions]).toArray();
                    INDArray x = model.standardise(batch.level(0).graph().nodeFeatures());
                    return Losses.crossEntropy(model.forward(batch, Tensor.constant(x)), y, labelSmoothing);
                }

                @Override
                public int weight(int[] idx) {
                    return idx.length;
                }

                @Override
                public Map<String, Double> validate() {
                    if (val.isEmpty()) {
                        return Map.of();
                    }
                    double[][] scores = predict(model, val, 32);
                    return Map.of("val_acc", accuracy(Arrays.stream(scores).mapToInt(MeshClassifier::argmax)
                            .toArray(), valLabels), VALIDATION_LOSS, Metrics.crossEntropy(scores, valLabels));
                }

                @Override
                public Monitor monitor() {
                    return new Monitor("val_acc", true);
                }
            };
            Trainer.Result result = new Trainer(settings).listener(listener).fit(task);
            return new MeshClassifier(model, features, result.keptEpoch());
        }
    }

    private static int checkLabels(List<TriangleMesh> meshes, int[] labels, String what) {
        if (meshes.size() != labels.length) {
            throw new IllegalArgumentException(meshes.size() + " " + what + " meshes but " + labels.length
                    + " labels");
        }
        int max = -1;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException(what + " label " + i + " is " + labels[i] + "; labels are >= 0");
            }
            max = Math.max(max, labels[i]);
        }
        if (what.equals("training") && max < 1) {
            throw new IllegalArgumentException("training needs at least two classes (labels 0 and 1 at least)");
        }
        return max + 1;
    }


}
