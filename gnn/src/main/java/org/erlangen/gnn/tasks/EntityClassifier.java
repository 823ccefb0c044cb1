package org.erlangen.gnn.tasks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.erlangen.gnn.models.RGCN;
import org.erlangen.graph.RelationalGraph;
import org.erlangen.io.ModelFile;
import org.erlangen.sparse.Sparse;
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

/**
 * Entity classification in a relational graph (an RDF or knowledge graph) with {@link RGCN}, trained full-graph on
 * the labelled entities by the {@link Trainer}. Defaults are R-GCN's for AIFB: two layers, 16 hidden units, a full
 * weight per relation (no basis decomposition), inverse relations added, Adam 0.01, no weight decay, 50 epochs
 * ({@link #defaults()}). With validation entities the epoch with the best validation accuracy is kept, otherwise the
 * last.
 */
public final class EntityClassifier {
    private int hidden = 16;
    private int layers = 2;
    private int bases;
    private TrainingSettings training = defaults();
    private long seed;
    private RGCN model;
    private RelationalGraph trainedOn;

    /** R-GCN's AIFB settings: 50 epochs, Adam with learning rate 0.01, no weight decay. */
    public static TrainingSettings defaults() {
        return TrainingSettings.builder().epochs(50).learningRate(0.01).build();
    }

    public EntityClassifier hidden(int width) {
        hidden = width;
        return this;
    }

    public EntityClassifier layers(int count) {
        layers = count;
        return this;
    }

    /** Bases of the weight decomposition, 0 (the default) for a full weight per relation. */
    public EntityClassifier bases(int count) {
        bases = count;
        return this;
    }

    public EntityClassifier training(TrainingSettings settings) {
        training = settings;
        return this;
    }

    public EntityClassifier seed(long s) {
        seed = s;
        return this;
    }

    public RGCN model() {
        return model;
    }

    /**
     * Trains on {@code graph} (without inverse relations; they are added here) to predict {@code labels} of
     * {@code nodes}.
     *
     * @throws IllegalArgumentException when labels and nodes differ in number, a node is outside the graph or there
     *     are fewer than two classes
     */
    public Trainer.Result fit(RelationalGraph graph, int[] nodes, int[] labels, int[] valNodes, int[] valLabels,
            TrainingListener listener) {
        int classes = check(graph, nodes, labels, "training");
        check(graph, valNodes, valLabels, "validation");
        if (classes < 2) {
            throw new IllegalArgumentException("entity classification needs at least two classes among the "
                    + "training labels");
        }
        for (int l : valLabels) {
            classes = Math.max(classes, l + 1);
        }
        RelationalGraph g = graph.withInverses();
        model = new RGCN(new RGCN.Config(g.numNodes(), g.relationCount(), hidden, layers, classes, bases), seed,
                DataType.FLOAT);
        trainedOn = g;
        Objective<Integer> task = new Objective<>() {
            @Override
            public RGCN module() {
                return model;
            }

            @Override
            public int batchesPerEpoch() {
                return 1;
            }

            @Override
            public Iterable<Integer> batches(int epoch) {
                return List.of(epoch);
            }

            @Override
            public Tensor loss(Integer epoch) {
                return Losses.crossEntropy(Sparse.indexSelect(model.forward(g), nodes), labels);
            }

            @Override
            public Map<String, Double> validate() {
                if (valNodes.length == 0) {
                    return Map.of();
                }
                INDArray logits = scores(valNodes);
                return Map.of("val_acc", Metrics.accuracy(logits, valLabels, null), VALIDATION_LOSS,
                        Metrics.crossEntropy(logits, valLabels));
            }

            @Override
            public Monitor monitor() {
                return new Monitor("val_acc", true);
            }
        };
        return new Trainer(training).listener(listener).fit(task);
    }

    private static int check(RelationalGraph graph, int[] nodes, int[] labels, String what) {
        if (nodes.length != labels.length) {
            throw new IllegalArgumentException(nodes.length + " " + what + " nodes but " + labels.length
                    + " labels");
        }
        int classes = 0;
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] < 0 || nodes[i] >= graph.numNodes()) {
                throw new IllegalArgumentException(what + " node " + nodes[i] + " is outside the graph's "
                        + graph.numNodes() + " nodes");
            }
            if (labels[i] < 0) {
                throw new IllegalArgumentException(what + " label " + labels[i] + " of node " + nodes[i]
                        + " is negative");
            }
            classes = Math.max(classes, labels[i] + 1);
        }
        return classes;
    }

    /** Class scores [nodes.length, classes] of the given nodes of the graph trained on. */
    public INDArray scores(int[] nodes) {
        requireTrained();
        model.eval();
        try (var noGrad = GradMode.noGrad(); var step = Workspace.step()) {
            return Workspace.keep(Sparse.indexSelect(model.forward(trainedOn), nodes).data());
        }
    }

    public double accuracy(int[] nodes, int[] labels) {
        return Metrics.accuracy(scores(nodes), labels, null);
    }

    /** Writes the model with its config (safetensors). */
    public void save(Path file) throws IOException {
        requireTrained();
        ModelFile.save(file, model, model.config().toJson());
    }

    private void requireTrained() {
        if (model == null) {
            throw new IllegalStateException("the entity classifier has not been trained");
        }
    }
}
