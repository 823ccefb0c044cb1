package org.erlangen.neo4j.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.neo4j.graphdb.Node;

/**
 * A procedure's configuration map, read key by key with defaults. Every read names its key as known, and
 * {@link #finish()} refuses keys nobody read, so a misspelt key is an error instead of a silently ignored setting.
 */
public final class ConfigMap {
    private final String procedure;
    private final Map<String, Object> values;
    private final TreeSet<String> known = new TreeSet<>();

    public ConfigMap(String procedure, Map<String, Object> values) {
        this.procedure = procedure;
        this.values = values == null ? Map.of() : new LinkedHashMap<>(values);
    }

    public boolean has(String key) {
        known.add(key);
        return values.get(key) != null;
    }

    public String string(String key, String fallback) {
        Object v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof String s) || s.isBlank()) {
            throw bad(key, "a non-empty string", v);
        }
        return s;
    }

    public String requiredString(String key) {
        String s = string(key, null);
        if (s == null) {
            throw new IllegalArgumentException(procedure + ": config key '" + key + "' is required");
        }
        return s;
    }

    /** A string that must be one of {@code choices}, compared ignoring case; returns the choice as spelt there. */
    public String choice(String key, String fallback, List<String> choices) {
        String s = string(key, fallback);
        if (s == null) {
            return null;
        }
        for (String c : choices) {
            if (c.equalsIgnoreCase(s)) {
                return c;
            }
        }
        throw bad(key, "one of " + String.join(", ", choices), s);
    }

    public int integer(String key, int fallback, int min, int max) {
        Object v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < min
                || n.doubleValue() > max) {
            throw bad(key, "an integer from " + min + " to " + max, v);
        }
        return n.intValue();
    }

    public long longValue(String key, long fallback) {
        Object v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Long || v instanceof Integer)) {
            throw bad(key, "an integer", v);
        }
        return ((Number) v).longValue();
    }

    public double number(String key, double fallback, double min, double max) {
        Object v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || !(n.doubleValue() >= min && n.doubleValue() <= max)) {
            throw bad(key, "a number from " + min + " to " + max, v);
        }
        return n.doubleValue();
    }

    public boolean bool(String key, boolean fallback) {
        Object v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Boolean b)) {
            throw bad(key, "true or false", v);
        }
        return b;
    }

    /** A string or a list of strings; empty when absent. */
    public List<String> strings(String key) {
        Object v = raw(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof String s) {
            if (s.isBlank()) {
                throw bad(key, "a non-empty string or a list of them", v);
            }
            return List.of(s);
        }
        if (v instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            for (Object item : list) {
                if (!(item instanceof String s) || s.isBlank()) {
                    throw bad(key, "a non-empty string or a list of them", v);
                }
                out.add(s);
            }
            return List.copyOf(out);
        }
        throw bad(key, "a non-empty string or a list of them", v);
    }

    /** A list of integers (a single integer counts as a list of one); null when absent. */
    public List<Integer> integers(String key) {
        Object v = raw(key);
        if (v == null) {
            return null;
        }
        List<?> items = v instanceof List<?> list ? list : List.of(v);
        List<Integer> out = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof Long || item instanceof Integer) || ((Number) item).longValue() != ((Number) item)
                    .intValue()) {
                throw bad(key, "a list of integers", v);
            }
            out.add(((Number) item).intValue());
        }
        return List.copyOf(out);
    }

    /** Whether the key holds a map, such as featureProperties per label. */
    public boolean isMap(String key) {
        return raw(key) instanceof Map<?, ?>;
    }

    /**
     * A map from names to a string or a list of strings (featureProperties per label), keys sorted; empty when
     * absent.
     */
    public Map<String, List<String>> stringsByName(String key) {
        Object v = raw(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> map)) {
            throw bad(key, "a map from labels to properties", v);
        }
        Map<String, List<String>> out = new TreeMap<>();
        for (var e : map.entrySet()) {
            String name = String.valueOf(e.getKey());
            ConfigMap entry = new ConfigMap(procedure, Map.of(key + "." + name, e.getValue() == null ? List.of()
                    : e.getValue()));
            out.put(name, entry.strings(key + "." + name)); // an empty list: the label's nodes have no properties
        }
        return out;
    }

    /** Nodes given as nodes or element ids, one or a list, as element ids; null when absent. */
    public List<String> nodes(String key) {
        Object v = raw(key);
        if (v == null) {
            return null;
        }
        List<?> items = v instanceof List<?> list ? list : List.of(v);
        List<String> out = new ArrayList<>();
        for (Object item : items) {
            if (item instanceof Node node) {
                out.add(node.getElementId());
            } else if (item instanceof String id && !id.isBlank()) {
                out.add(id);
            } else {
                throw bad(key, "a node, an element id, or a list of them", v);
            }
        }
        return List.copyOf(out);
    }

    /** Refuses keys that no reader asked for, suggesting the nearest known key. */
    public void finish() {
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                String nearest = nearest(key);
                throw new IllegalArgumentException(procedure + ": unknown config key '" + key + "'"
                        + (nearest == null ? "" : " (did you mean '" + nearest + "'?)") + "; known keys: "
                        + String.join(", ", known));
            }
        }
    }

    private Object raw(String key) {
        known.add(key);
        return values.get(key);
    }

    private IllegalArgumentException bad(String key, String expected, Object got) {
        String shown = got instanceof String ? "'" + got + "'" : String.valueOf(got);
        return new IllegalArgumentException(procedure + ": config key '" + key + "' must be " + expected + ", got "
                + shown + " (" + typeName(got) + ")");
    }

    static String typeName(Object value) {
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Long || value instanceof Integer) {
            return "integer";
        }
        if (value instanceof Number) {
            return "float";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof List<?>) {
            return "list";
        }
        if (value instanceof Map<?, ?>) {
            return "map";
        }
        return value == null ? "null" : value.getClass().getSimpleName();
    }

    private String nearest(String key) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = distance(key.toLowerCase(), k.toLowerCase());
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
