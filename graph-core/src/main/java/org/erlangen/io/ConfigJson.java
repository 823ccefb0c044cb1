package org.erlangen.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.function.Function;

/**
 * A model config as the JSON object that {@link ModelFile} stores: written field by field in file order, and read
 * back as typed fields, required or with a default, whose errors name the config and the field. Values are converted
 * as Gson converts them, so files written before read as they did.
 */
public final class ConfigJson {
    private final JsonObject json;
    private final String what;

    private ConfigJson(JsonObject json, String what) {
        this.json = json;
        this.what = what;
    }

    /** An empty config, to put fields into in the order they should appear in the file. */
    public static ConfigJson create() {
        return new ConfigJson(new JsonObject(), "config");
    }

    /** The fields of a stored config; {@code what} names it in error messages ("model config"). */
    public static ConfigJson of(JsonObject json, String what) {
        return new ConfigJson(json, what);
    }

    public ConfigJson put(String name, Number value) {
        json.addProperty(name, value);
        return this;
    }

    public ConfigJson put(String name, String value) {
        json.addProperty(name, value);
        return this;
    }

    public ConfigJson put(String name, boolean value) {
        json.addProperty(name, value);
        return this;
    }

    public JsonObject json() {
        return json;
    }

    /** @throws IllegalArgumentException naming the field when it is missing or not an integer */
    public int getInt(String name) {
        return get(name, JsonElement::getAsInt, "an integer");
    }

    /** The field's value, or {@code absent} when the config has no such field (older files). */
    public int getInt(String name, int absent) {
        return json.has(name) ? getInt(name) : absent;
    }

    public long getLong(String name) {
        return get(name, JsonElement::getAsLong, "an integer");
    }

    public double getDouble(String name) {
        return get(name, JsonElement::getAsDouble, "a number");
    }

    /** The field's value, or {@code absent} when the config has no such field (older files). */
    public double getDouble(String name, double absent) {
        return json.has(name) ? getDouble(name) : absent;
    }

    public String getString(String name) {
        return get(name, JsonElement::getAsString, "a string");
    }

    public String getString(String name, String absent) {
        return json.has(name) ? getString(name) : absent;
    }

    public boolean getBoolean(String name, boolean absent) {
        return json.has(name) ? get(name, JsonElement::getAsBoolean, "true or false") : absent;
    }

    private <T> T get(String name, Function<JsonElement, T> as, String kind) {
        JsonElement value = json.get(name);
        if (value == null) {
            throw new IllegalArgumentException(what + " has no field '" + name + "': " + json);
        }
        try {
            return as.apply(value);
        } catch (UnsupportedOperationException | IllegalStateException | NumberFormatException
                | ClassCastException e) {
            throw new IllegalArgumentException(what + " field '" + name + "' must be " + kind + ", found " + value
                    + ": " + json, e);
        }
    }
}
