package org.erlangen.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The last line of every measuring command: {@code key=value} pairs that a script can read. */
public final class Figures {
    private final Map<String, String> values = new LinkedHashMap<>();

    public Figures put(String key, double value, int decimals) {
        values.put(key, String.format(Locale.ROOT, "%." + decimals + "f", value));
        return this;
    }

    public Figures put(String key, long value) {
        values.put(key, Long.toString(value));
        return this;
    }

    public Figures put(String key, String value) {
        if (value.isEmpty() || value.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a figure value must be one word: '" + value + "'");
        }
        values.put(key, value);
        return this;
    }

    public String line() {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    /** Prints the line as the last output. */
    public void print() {
        System.out.flush();
        System.out.println(line());
    }
}
