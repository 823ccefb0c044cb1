package org.erlangen.molecules;

import com.google.gson.Gson;
import com.google.gson.JsonObject;

/** A settings record (a model's config, a target normaliser) as a JSON object for a model file's header. */
final class ModelJson {
    private static final Gson GSON = new Gson();

    private ModelJson() {
    }

    static JsonObject of(Record settings) {
        return GSON.toJsonTree(settings).getAsJsonObject();
    }
}
