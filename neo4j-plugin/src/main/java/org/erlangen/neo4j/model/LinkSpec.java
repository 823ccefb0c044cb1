package org.erlangen.neo4j.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.erlangen.graph.RandomProjection;

/**
 * What a link-prediction model learnt to score: relationships of {@code type}, from nodes with any of
 * {@code sourceLabels} to nodes with any of {@code targetLabels} (the selection's labels its training links started
 * and ended at; both empty when the selection named no labels, meaning any node). Predictions pair the same kinds of
 * nodes unless the call says otherwise. A pair's logit is the dot product of its embeddings plus {@code logitBias}
 * (the decoder's, {@link org.erlangen.gnn.links.LinkLogits}); model files written before the decoder had one read 0.
 * {@code projection}, when not null, is the random projection whose columns follow the node properties in the
 * model's input.
 */
public record LinkSpec(String type, List<String> sourceLabels, List<String> targetLabels, double logitBias,
        Projection projection) {
    /** A random projection's dimension and seed ({@link org.erlangen.graph.RandomProjection}). */
    public record Projection(int dimension, long seed) {
        public Projection {
            if (dimension < 1) {
                throw new IllegalArgumentException("a random projection needs at least one dimension, got "
                        + dimension);
            }
        }

        public RandomProjection encoder() {
            return new RandomProjection(dimension, seed);
        }
    }

    /** Links with the plain dot product as logit, on the node properties alone. */
    public LinkSpec(String type, List<String> sourceLabels, List<String> targetLabels) {
        this(type, sourceLabels, targetLabels, 0.0, null);
    }

    public LinkSpec {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("a link-prediction model needs its targetRelationshipType");
        }
        sourceLabels = List.copyOf(sourceLabels);
        targetLabels = List.copyOf(targetLabels);
    }

    /** This spec with the trained decoder's bias. */
    public LinkSpec withLogitBias(double bias) {
        return new LinkSpec(type, sourceLabels, targetLabels, bias, projection);
    }

    /** This spec with a random projection as input columns; null for none. */
    public LinkSpec withProjection(Projection other) {
        return new LinkSpec(type, sourceLabels, targetLabels, logitBias, other);
    }

    /** The input columns the random projection adds to the node properties. */
    public int projectedColumns() {
        return projection == null ? 0 : projection.dimension();
    }

    /** The logit of a pair whose embeddings have dot product {@code dot}. */
    public double logit(double dot) {
        return dot + logitBias;
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("targetRelationshipType", type);
        json.add("sourceLabels", array(sourceLabels));
        json.add("targetLabels", array(targetLabels));
        json.addProperty("logitBias", logitBias);
        if (projection != null) {
            JsonObject rp = new JsonObject();
            rp.addProperty("dimension", projection.dimension());
            rp.addProperty("seed", projection.seed());
            json.add("randomProjection", rp);
        }
        return json;
    }

    static LinkSpec fromJson(JsonObject json) {
        return new LinkSpec(json.get("targetRelationshipType").getAsString(), strings(json, "sourceLabels"),
                strings(json, "targetLabels"), number(json, "logitBias", 0.0),
                json.has("randomProjection") ? new Projection(json.getAsJsonObject("randomProjection")
                        .get("dimension").getAsInt(), json.getAsJsonObject("randomProjection").get("seed")
                        .getAsLong()) : null);
    }

    private static double number(JsonObject json, String key, double absent) {
        if (!json.has(key)) {
            return absent;
        }
        double value = json.get(key).getAsDouble();
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("the link spec's " + key + " must be finite, got " + value);
        }
        return value;
    }

    private static JsonArray array(List<String> values) {
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
