package org.erlangen.neo4j.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.erlangen.gnn.links.LinkModel;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.gnn.models.Layers;
import org.erlangen.train.TrainingSettings;

/**
 * The settings of {@code erlangen.model.train}, parsed and validated from its configuration map. Defaults follow the
 * usual PyTorch Geometric examples: two layers of 64, dropout 0.5, Adam at 0.01; GCN for node tasks, GIN for graph
 * tasks; a random 80/10/10 split of the labelled nodes or graphs (stratified for classification) unless a
 * {@code splitProperty} gives it. Continuous features are standardised inside the model with the training items'
 * statistics unless {@code scaleFeatures: false}. With {@code fanouts} (node tasks) training runs in mini-batches of
 * {@code batchSize} training nodes on sampled neighbourhoods, at most {@code fanouts[h]} in-neighbours per node at hop
 * h + 1 from the training nodes outward (PyG's {@code num_neighbors}; -1 takes all), and predictions run layer-wise.
 * Task {@code linkPrediction} learns to score relationships of {@code targetRelationshipType} instead of a node
 * property: they are split into training, validation and test links, only training links carry messages, and each
 * epoch samples {@code negativeSamplingRatio} non-links per training link. With {@code randomProjection: d} a link
 * model also reads d columns of FastRP computed from the training links and the other relationships
 * ({@link org.erlangen.graph.RandomProjection}); {@code featureProperties} may then be left out.
 */
public record TrainConfig(GraphSpec graph, Task task, String targetProperty, String splitProperty, String model,
        int hidden, int layers, int heads, double dropout, String readout, String norm, double learningRate,
        double weightDecay, String weightDecayOn, int epochs, int patience, boolean tieBreak, int batchSize,
        List<Integer> fanouts, double validationFraction, double testFraction, long seed, int concurrency,
        boolean scaleFeatures, String targetRelationshipType, double negativeSamplingRatio, int randomProjection) {

    public static final String PROCEDURE = "erlangen.model.train";
    /** The largest widths and depths a model may have, here and in a model file the catalog reads. */
    public static final int MAX_HIDDEN = 4096;
    public static final int MAX_LAYERS = 32;
    public static final int MAX_HEADS = 64;
    /** Training nodes per mini-batch when sampling, PyG's and our library's default. */
    public static final int SAMPLED_BATCH = 512;

    public TrainConfig {
        fanouts = fanouts == null ? null : List.copyOf(fanouts);
    }

    public static TrainConfig parse(Map<String, Object> map) {
        ConfigMap c = new ConfigMap(PROCEDURE, map);
        String taskName = c.choice("task", null, Task.NAMES);
        Task task = Task.of(taskName == null ? missing("task") : taskName);
        int projection = task.linkPrediction() ? c.integer("randomProjection", 0, 0, MAX_HIDDEN) : 0;
        if (!task.linkPrediction() && c.has("randomProjection")) {
            throw new IllegalArgumentException(PROCEDURE + ": randomProjection applies to task linkPrediction only");
        }
        GraphSpec graph = graphSpec(c, task.graphLevel(), projection > 0);
        String target = task.linkPrediction() ? refused(c, "targetProperty", task) : c.requiredString("targetProperty");
        String split = task.linkPrediction() ? refused(c, "splitProperty", task) : c.string("splitProperty", null);
        String targetType = task.linkPrediction() ? targetRelationshipType(c, graph) : null;
        if (!task.linkPrediction() && c.has("targetRelationshipType")) {
            throw new IllegalArgumentException(PROCEDURE + ": targetRelationshipType applies to task linkPrediction "
                    + "only; " + task.configName() + " predicts targetProperty");
        }
        double negatives = task.linkPrediction() ? c.number("negativeSamplingRatio", 1.0, 0.01, 100) : 1.0;
        String model = c.string("model", task.graphLevel() ? "gin" : "gcn");
        if (!Layers.names().contains(model)) {
            throw new IllegalArgumentException(PROCEDURE + ": unknown model '" + model + "'; known models: "
                    + String.join(", ", Layers.names()));
        }
        int hidden = c.integer("hidden", 64, 1, MAX_HIDDEN);
        int layers = c.integer("layers", 2, 1, MAX_LAYERS);
        int heads = c.integer("heads", 4, 1, MAX_HEADS);
        // link prediction as in LinkPredictor and PyG's example: no dropout, no weight decay
        double dropout = c.number("dropout", task.linkPrediction() ? 0.0 : 0.5, 0, 0.95);
        String readout = c.choice("readout", "sum", List.of("sum", "mean", "max"));
        String norm = c.choice("norm", "none", List.of("none", "batch"));
        double lr = c.number("learningRate", 0.01, 1e-8, 10);
        double decay = c.number("weightDecay", task.graphLevel() || task.linkPrediction() ? 0.0 : 5e-4, 0,
                1);
        String decayOn = c.choice("weightDecayOn", "all", List.of("all", "firstLayer"));
        int epochs = c.integer("epochs", 100, 1, 1_000_000);
        int patience = c.integer("patience", 0, 0, 1_000_000);
        // a random 10% of a small graph validates on a handful of items, where accuracy ties often: the lower
        // validation loss then tells epochs apart better than keeping the first (which stopped at a barely trained
        // epoch on an 8-node validation set)
        boolean tieBreak = c.bool("tieBreak", true);
        if (task.linkPrediction() && c.has("fanouts")) {
            throw new IllegalArgumentException(PROCEDURE + ": linkPrediction trains full-batch; fanouts are for node "
                    + "tasks");
        }
        List<Integer> fanouts = fanouts(c, task, layers);
        int batchSize = c.integer("batchSize", fanouts != null ? SAMPLED_BATCH : 32, 1, 1_000_000);
        double validation = c.number("validationFraction", 0.1, 0, 0.9);
        double test = c.number("testFraction", 0.1, 0, 0.9);
        if (validation + test >= 1) {
            throw new IllegalArgumentException(PROCEDURE + ": validationFraction + testFraction must be below 1, got "
                    + (validation + test));
        }
        long seed = c.longValue("seed", 42);
        // properties come in business units (ages, amounts, counts): unscaled, they collapse the model to a constant
        boolean scaleFeatures = c.bool("scaleFeatures", true);
        int concurrency = concurrency(c);
        c.finish();
        if (Layers.relational(model) && graph.relationshipTypes().isEmpty()) {
            throw new IllegalArgumentException(PROCEDURE + ": model '" + model + "' keeps weights per relationship "
                    + "type: name them in relationshipTypes (their order is the model's)");
        }
        if (Layers.relational(model) && fanouts != null) {
            throw new IllegalArgumentException(PROCEDURE + ": model '" + model + "' trains full-batch; fanouts are "
                    + "for the other node models");
        }
        if (Layers.multiHead(model) && hidden % heads != 0) {
            throw new IllegalArgumentException(PROCEDURE + ": hidden (" + hidden + ") must be divisible by heads ("
                    + heads + ") for " + model);
        }
        return new TrainConfig(graph, task, target, split, model, hidden, layers, heads, dropout, readout, norm, lr,
                decay, decayOn, epochs, patience, tieBreak, batchSize, fanouts, validation, test, seed, concurrency,
                scaleFeatures, targetType, negatives, projection);
    }

    /** Whether node training samples mini-batches of neighbourhoods (and predictions run layer-wise). */
    public boolean sampled() {
        return fanouts != null;
    }

    /** The fanouts as the sampler takes them; null when training full-batch. */
    public int[] fanoutArray() {
        return fanouts == null ? null : fanouts.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * One fanout per layer, from the training nodes outward, each at least 1 or -1 for all in-neighbours; null when
     * absent. Graph tasks train on whole graphs, so they refuse it.
     */
    private static List<Integer> fanouts(ConfigMap c, Task task, int layers) {
        List<Integer> fanouts = c.integers("fanouts");
        if (fanouts == null) {
            return null;
        }
        if (task.graphLevel()) {
            throw new IllegalArgumentException(PROCEDURE + ": fanouts is for node tasks; " + task.configName()
                    + " trains on whole graphs (in batches of batchSize graphs)");
        }
        for (int f : fanouts) {
            if (f == 0 || f < -1) {
                throw new IllegalArgumentException(PROCEDURE + ": config key 'fanouts' takes a count of at least 1 per "
                        + "hop, or -1 for all neighbours, got " + f + " in " + fanouts);
            }
        }
        if (fanouts.size() != layers) {
            throw new IllegalArgumentException(PROCEDURE + ": fanouts " + fanouts + " gives " + fanouts.size()
                    + " hops for " + layers + " layers: give one per layer, from the training nodes outward");
        }
        return fanouts;
    }

    /**
     * The relationship type a link-prediction model learns, which must be among {@code relationshipTypes} when
     * those are given: its held-out links are cut from the graph the model reads.
     */
    private static String targetRelationshipType(ConfigMap c, GraphSpec graph) {
        String type = c.requiredString("targetRelationshipType");
        if (!graph.relationshipTypes().isEmpty() && !graph.relationshipTypes().contains(type)) {
            throw new IllegalArgumentException(PROCEDURE + ": targetRelationshipType '" + type + "' is not among "
                    + "relationshipTypes " + graph.relationshipTypes() + "; add it there, or leave relationshipTypes "
                    + "out to read every type");
        }
        return type;
    }

    private static <T> T refused(ConfigMap c, String key, Task task) {
        if (c.has(key)) {
            throw new IllegalArgumentException(PROCEDURE + ": " + key + " does not apply to " + task.configName()
                    + ", which learns the relationships of targetRelationshipType");
        }
        return null;
    }

    /** The settings of the one training loop: each key means what the same setting means everywhere. */
    public TrainingSettings training() {
        return TrainingSettings.builder().epochs(epochs).patience(patience).tieBreak(tieBreak)
                .learningRate(learningRate).weightDecay(weightDecay, !weightDecayOn.equals("firstLayer")
                        ? TrainingSettings.ALL_PARAMETERS
                        : task.linkPrediction() ? LinkModel.FIRST_LAYER : GnnModel.FIRST_LAYER).build();
    }

    /** @param projected whether a random projection gives features, so that properties may be left out */
    private static GraphSpec graphSpec(ConfigMap c, boolean graphLevel, boolean projected) {
        List<String> labels = c.strings("nodeLabels");
        List<String> types = c.strings("relationshipTypes");
        Orientation orientation = Orientation.valueOf(c.choice("orientation", "NATURAL", Orientation.NAMES));
        String graphId = graphLevel ? c.string("graphIdProperty", null) : null;
        if (!graphLevel && c.has("graphIdProperty")) {
            throw new IllegalArgumentException(PROCEDURE + ": graphIdProperty applies to graph-level tasks only");
        }
        if (c.isMap("featureProperties")) {
            Map<String, List<String>> byLabel = c.stringsByName("featureProperties");
            if (byLabel.isEmpty()) {
                missing("featureProperties");
            }
            return new GraphSpec(labels.isEmpty() ? List.copyOf(byLabel.keySet()) : labels, types, orientation,
                    List.of(), graphId, perLabel(byLabel, labels));
        }
        List<String> features = c.strings("featureProperties");
        if (features.isEmpty() && !projected) {
            throw new IllegalArgumentException(PROCEDURE + ": config key 'featureProperties' is required (for a "
                    + "link model on a graph without node properties, give randomProjection instead)");
        }
        return new GraphSpec(labels, types, orientation, features, graphId);
    }

    /**
     * Features per label, in the order of {@code nodeLabels} (sorted when they are not given): every selected label
     * needs its entry, and every entry a selected label.
     */
    private static Map<String, List<String>> perLabel(Map<String, List<String>> byLabel, List<String> labels) {
        if (labels.isEmpty()) {
            return byLabel;
        }
        Map<String, List<String>> ordered = new LinkedHashMap<>();
        for (String label : labels) {
            if (!byLabel.containsKey(label)) {
                throw new IllegalArgumentException(PROCEDURE + ": featureProperties has no entry for label '" + label
                        + "' of nodeLabels " + labels + "; it names " + byLabel.keySet() + ". Give each selected "
                        + "label its properties, or one list for all");
            }
            ordered.put(label, byLabel.get(label));
        }
        for (String label : byLabel.keySet()) {
            if (!labels.contains(label)) {
                throw new IllegalArgumentException(PROCEDURE + ": featureProperties names label '" + label
                        + "', which nodeLabels " + labels + " does not select");
            }
        }
        return ordered;
    }

    static int concurrency(ConfigMap c) {
        // GDS's default outside its enterprise edition
        return c.integer("concurrency", Math.min(4, Runtime.getRuntime().availableProcessors()), 1, 1024);
    }

    private static <T> T missing(String key) {
        throw new IllegalArgumentException(PROCEDURE + ": config key '" + key + "' is required");
    }
}
