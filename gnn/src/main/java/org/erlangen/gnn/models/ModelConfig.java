package org.erlangen.gnn.models;

import com.google.gson.JsonObject;
import java.util.List;
import org.erlangen.io.ConfigJson;

/**
 * The architecture of a model, stored in its model file so it can be rebuilt: which layer, how many, how wide, and
 * the task head. Validated on construction so a bad file or flag is named before any training starts.
 *
 * @param layer layer name known to {@link Layers} (gcn, ...)
 * @param task node or graph
 * @param in input feature width
 * @param hidden hidden width
 * @param out output width (classes, or targets for regression)
 * @param layers number of graph layers
 * @param dropout dropout probability between layers
 * @param readout for graph tasks: sum, mean or max
 * @param heads attention heads, for layers that have them
 * @param delta PNA's degree normaliser: the mean of log(in-degree + 1) over the training graphs
 * @param norm normalisation inside layers that have an MLP (GIN): none or batch
 * @param inputDropout whether dropout also applies to the input features, not only between layers
 * @param head for graph tasks: {@code mlp} (the last layer's readout through Linear, ReLU, dropout, Linear) or
 *     {@code jk} (Xu et al.'s GIN readout: the readouts of the input and of every layer, each through its own linear
 *     head with dropout on its output, summed; no dropout between layers; with norm batch each layer's output is
 *     batch-normalised before its ReLU, as in the paper's code)
 * @param scaleFeatures whether the model standardises its continuous input features with statistics of the training
 *     items ({@link org.erlangen.nn.FeatureScaling}), stored with its weights; off in model files written before
 *     there was scaling
 * @param relations for relational layers (R-GCN): how many relations the edge types range over, each with its own
 *     weights; 0 for the other layers
 */
public record ModelConfig(String layer, String task, int in, int hidden, int out, int layers, double dropout,
        String readout, int heads, double delta, String norm, boolean inputDropout, String head,
        boolean scaleFeatures, int relations) {
    /** The heads a graph model can have. */
    public static final List<String> HEADS = List.of("mlp", "jk");

    /** A config without normalisation, with input dropout, and PNA's degree normaliser set to 1. */
    public ModelConfig(String layer, String task, int in, int hidden, int out, int layers, double dropout,
            String readout, int heads) {
        this(layer, task, in, hidden, out, layers, dropout, readout, heads, 1.0);
    }

    /** A config without normalisation and with input dropout. */
    public ModelConfig(String layer, String task, int in, int hidden, int out, int layers, double dropout,
            String readout, int heads, double delta) {
        this(layer, task, in, hidden, out, layers, dropout, readout, heads, delta, "none", true);
    }

    /** A config with the two-layer head on the last layer's readout. */
    public ModelConfig(String layer, String task, int in, int hidden, int out, int layers, double dropout,
            String readout, int heads, double delta, String norm, boolean inputDropout) {
        this(layer, task, in, hidden, out, layers, dropout, readout, heads, delta, norm, inputDropout, "mlp");
    }

    /** A config without feature scaling. */
    public ModelConfig(String layer, String task, int in, int hidden, int out, int layers, double dropout,
            String readout, int heads, double delta, String norm, boolean inputDropout, String head) {
        this(layer, task, in, hidden, out, layers, dropout, readout, heads, delta, norm, inputDropout, head, false);
    }

    public ModelConfig(String layer, String task, int in, int hidden, int out, int layers, double dropout,
            String readout, int heads, double delta, String norm, boolean inputDropout, String head,
            boolean scaleFeatures) {
        this(layer, task, in, hidden, out, layers, dropout, readout, heads, delta, norm, inputDropout, head,
                scaleFeatures, 0);
    }

    /** This config for edges of {@code count} relations. */
    public ModelConfig withRelations(int count) {
        return new ModelConfig(layer, task, in, hidden, out, layers, dropout, readout, heads, delta, norm,
                inputDropout, head, scaleFeatures, count);
    }

    /** This config with another normalisation and input-dropout setting. */
    public ModelConfig with(String otherNorm, boolean otherInputDropout) {
        return new ModelConfig(layer, task, in, hidden, out, layers, dropout, readout, heads, delta, otherNorm,
                otherInputDropout, head, scaleFeatures, relations);
    }

    /** This config with another graph head ({@code mlp} or {@code jk}). */
    public ModelConfig withHead(String otherHead) {
        return new ModelConfig(layer, task, in, hidden, out, layers, dropout, readout, heads, delta, norm,
                inputDropout, otherHead, scaleFeatures, relations);
    }

    /** This config with feature scaling on or off. */
    public ModelConfig withFeatureScaling(boolean on) {
        return new ModelConfig(layer, task, in, hidden, out, layers, dropout, readout, heads, delta, norm,
                inputDropout, head, on, relations);
    }

    public ModelConfig {
        if (!task.equals("node") && !task.equals("graph")) {
            throw new IllegalArgumentException("task must be 'node' or 'graph', got '" + task + "'");
        }
        if (in < 1 || hidden < 1 || out < 1) {
            throw new IllegalArgumentException("widths must be positive: in=" + in + " hidden=" + hidden + " out=" + out);
        }
        if (layers < 1) {
            throw new IllegalArgumentException("a model needs at least one layer, got " + layers);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (!readout.equals("sum") && !readout.equals("mean") && !readout.equals("max")) {
            throw new IllegalArgumentException("readout must be sum, mean or max, got '" + readout + "'");
        }
        if (!norm.equals("none") && !norm.equals("batch")) {
            throw new IllegalArgumentException("norm must be none or batch, got '" + norm + "'");
        }
        if (!HEADS.contains(head)) {
            throw new IllegalArgumentException("head must be mlp or jk, got '" + head + "'");
        }
        if (!(delta > 0)) {
            throw new IllegalArgumentException("delta must be positive, got " + delta);
        }
        if (heads < 1) {
            throw new IllegalArgumentException("heads must be positive, got " + heads);
        }
        if (relations < 0 || relations > 0 && !Layers.relational(layer)) {
            throw new IllegalArgumentException("relations must be 0, or positive for a relational layer; got "
                    + relations + " for " + layer);
        }
        Layers.factory(layer); // names the known layers when this one is unknown
    }

    public JsonObject toJson() {
        JsonObject json = ConfigJson.create().put("layer", layer).put("task", task).put("in", in)
                .put("hidden", hidden).put("out", out).put("layers", layers).put("dropout", dropout)
                .put("readout", readout).put("heads", heads).put("delta", delta).put("norm", norm)
                .put("inputDropout", inputDropout).put("head", head).put("scaleFeatures", scaleFeatures).json();
        if (relations > 0) { // only relational layers have it, so other files stay as they were
            json.addProperty("relations", relations);
        }
        return json;
    }

    /**
     * Reads a config; the fields added after the first model files (delta, norm, inputDropout, head, scaleFeatures,
     * relations)
     * default to what those files meant.
     *
     * @throws IllegalArgumentException naming a missing or bad field
     */
    public static ModelConfig fromJson(JsonObject json) {
        var f = ConfigJson.of(json, "model config");
        return new ModelConfig(f.getString("layer"), f.getString("task"), f.getInt("in"), f.getInt("hidden"),
                f.getInt("out"), f.getInt("layers"), f.getDouble("dropout"), f.getString("readout"),
                f.getInt("heads"), f.getDouble("delta", 1.0), f.getString("norm", "none"),
                f.getBoolean("inputDropout", true), f.getString("head", "mlp"), f.getBoolean("scaleFeatures", false),
                f.getInt("relations", 0));
    }
}
