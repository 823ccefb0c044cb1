package org.erlangen.neo4j.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.erlangen.neo4j.config.GraphSpec;
import org.erlangen.neo4j.config.Orientation;
import org.erlangen.neo4j.config.Task;

/**
 * What a stored model needs besides its architecture to be used on a database: the task, the selection it was
 * trained on (the default for predictions), the width of each feature property, and how outputs map back to target
 * values (the classes in order, or the mean and standard deviation of regression targets). Stored in the model file
 * next to the {@link org.erlangen.gnn.models.ModelConfig}, under the key {@value #KEY}. {@code fanouts} are those a
 * node model was trained with on sampled mini-batches (its predictions then run layer-wise); null for a model trained
 * full-batch, and for files written before sampling existed, which lack the key. {@code link} says what a
 * link-prediction model scores (key {@code link}), null for the other tasks.
 */
public record ModelSpec(Task task, GraphSpec graph, String targetProperty, List<Integer> featureWidths,
        List<Object> classes, double targetMean, double targetStd, List<Integer> fanouts, LinkSpec link) {
    public static final String KEY = "neo4j";

    public ModelSpec(Task task, GraphSpec graph, String targetProperty, List<Integer> featureWidths,
            List<Object> classes, double targetMean, double targetStd, List<Integer> fanouts) {
        this(task, graph, targetProperty, featureWidths, classes, targetMean, targetStd, fanouts, null);
    }

    public ModelSpec {
        featureWidths = List.copyOf(featureWidths);
        classes = classes == null ? List.of() : List.copyOf(classes);
        fanouts = fanouts == null ? null : List.copyOf(fanouts);
        if (featureWidths.size() != graph.columns().size()) {
            throw new IllegalArgumentException("featureWidths has " + featureWidths.size() + " entries for "
                    + graph.columns().size() + " feature properties");
        }
        if (fanouts != null && task.graphLevel()) {
            throw new IllegalArgumentException("fanouts apply to node tasks only, not to " + task.configName());
        }
        if (task.classification() && classes.size() < 1) {
            throw new IllegalArgumentException("a classification model needs its classes");
        }
        if (task.linkPrediction() != (link != null)) {
            throw new IllegalArgumentException(task.linkPrediction() ? "a link-prediction model needs its link "
                    + "settings" : "only link-prediction models have link settings");
        }
        if (!task.classification() && !(targetStd > 0)) {
            throw new IllegalArgumentException("targetStd must be positive, got " + targetStd);
        }
    }

    /** Whether the model was trained on sampled neighbourhoods, so that it predicts layer-wise. */
    public boolean sampled() {
        return fanouts != null;
    }

    /**
     * The model's input width: the properties' widths, for typed features one one-hot column per type, and a link
     * model's random projection.
     */
    public int featureWidth() {
        return featureWidths.stream().mapToInt(Integer::intValue).sum() + (graph.typed() ? graph.types().size() : 0)
                + (link == null ? 0 : link.projectedColumns());
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("task", task.configName());
        json.add("nodeLabels", strings(graph.nodeLabels()));
        json.add("relationshipTypes", strings(graph.relationshipTypes()));
        json.addProperty("orientation", graph.orientation().name());
        json.add("featureProperties", strings(graph.featureProperties()));
        if (graph.typed()) {
            JsonObject byLabel = new JsonObject();
            graph.labelFeatures().forEach((label, properties) -> byLabel.add(label, strings(properties)));
            json.add("labelFeatures", byLabel);
        }
        JsonArray widths = new JsonArray();
        featureWidths.forEach(widths::add);
        json.add("featureWidths", widths);
        json.add("graphIdProperty", graph.graphIdProperty() == null ? JsonNull.INSTANCE
                : new JsonPrimitive(graph.graphIdProperty()));
        json.add("targetProperty", targetProperty == null ? JsonNull.INSTANCE : new JsonPrimitive(targetProperty));
        JsonArray classArray = new JsonArray();
        for (Object c : classes) {
            classArray.add(c instanceof String s ? new JsonPrimitive(s) : c instanceof Boolean b
                    ? new JsonPrimitive(b) : new JsonPrimitive((Number) c));
        }
        json.add("classes", classArray);
        json.addProperty("targetMean", targetMean);
        json.addProperty("targetStd", targetStd);
        if (fanouts != null) {
            JsonArray hops = new JsonArray();
            fanouts.forEach(hops::add);
            json.add("fanouts", hops);
        }
        if (link != null) {
            json.add("link", link.toJson());
        }
        return json;
    }

    public static ModelSpec fromJson(JsonObject json) {
        try {
            List<Object> classes = new ArrayList<>();
            for (JsonElement e : json.getAsJsonArray("classes")) {
                JsonPrimitive p = e.getAsJsonPrimitive();
                if (p.isBoolean()) {
                    classes.add(p.getAsBoolean());
                } else if (p.isString()) {
                    classes.add(p.getAsString());
                } else {
                    String text = p.getAsString();
                    classes.add(text.matches("-?\\d+") ? (Object) Long.parseLong(text) : (Object) p.getAsDouble());
                }
            }
            List<Integer> widths = new ArrayList<>();
            json.getAsJsonArray("featureWidths").forEach(w -> widths.add(w.getAsInt()));
            JsonElement graphId = json.get("graphIdProperty");
            List<Integer> fanouts = null;
            if (json.has("fanouts") && !json.get("fanouts").isJsonNull()) {
                fanouts = new ArrayList<>();
                for (JsonElement f : json.getAsJsonArray("fanouts")) {
                    fanouts.add(f.getAsInt());
                }
            }
            Map<String, List<String>> byLabel = new LinkedHashMap<>();
            if (json.has("labelFeatures")) {
                json.getAsJsonObject("labelFeatures").keySet().forEach(label -> byLabel.put(label,
                        strings(json.getAsJsonObject("labelFeatures"), label)));
            }
            GraphSpec graph = new GraphSpec(strings(json, "nodeLabels"), strings(json, "relationshipTypes"),
                    Orientation.valueOf(json.get("orientation").getAsString()), strings(json, "featureProperties"),
                    graphId == null || graphId.isJsonNull() ? null : graphId.getAsString(), byLabel);
            JsonElement target = json.get("targetProperty");
            LinkSpec link = json.has("link") && !json.get("link").isJsonNull()
                    ? LinkSpec.fromJson(json.getAsJsonObject("link")) : null;
            return new ModelSpec(Task.of(json.get("task").getAsString()), graph,
                    target == null || target.isJsonNull() ? null : target.getAsString(), widths, classes,
                    json.has("targetMean") ? json.get("targetMean").getAsDouble() : 0,
                    json.has("targetStd") ? json.get("targetStd").getAsDouble() : 1, fanouts, link);
        } catch (NullPointerException | ClassCastException | UnsupportedOperationException | IllegalStateException
                | NumberFormatException e) {
            throw new IllegalArgumentException("the model's '" + KEY + "' settings are incomplete or mistyped: "
                    + json, e);
        }
    }

    private static JsonArray strings(List<String> values) {
        JsonArray array = new JsonArray();
        values.forEach(array::add);
        return array;
    }

    private static List<String> strings(JsonObject json, String key) {
        List<String> out = new ArrayList<>();
        json.getAsJsonArray(key).forEach(e -> out.add(e.getAsString()));
        return out;
    }
}
