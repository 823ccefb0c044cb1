package org.erlangen.neo4j.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What a link-prediction model learnt to score: relationships of {@code type}, from nodes with any of
 * {@code sourceLabels} to nodes with any of {@code targetLabels} (the selection's labels its training links started
 * and ended at; both empty when the selection named no labels, meaning any node). Predictions pair the same kinds of
 * nodes unless the call says otherwise.
 */
public record LinkSpec(String type, List<String> sourceLabels, List<String> targetLabels) {
    public LinkSpec {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("a link-prediction model needs its targetRelationshipType");
        }
        sourceLabels = List.copyOf(sourceLabels);
        targetLabels = List.copyOf(targetLabels);
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("targetRelationshipType", type);
        json.add("sourceLabels", array(sourceLabels));
        json.add("targetLabels", array(targetLabels));
        return json;
    }

    static LinkSpec fromJson(JsonObject json) {
        return new LinkSpec(json.get("targetRelationshipType").getAsString(), strings(json, "sourceLabels"),
                strings(json, "targetLabels"));
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
