package org.erlangen.io;

/**
 * How deeply a JSON text nests arrays and objects, found by one pass over its characters without parsing it, so a
 * hostile file can be refused before a parser (or a message that prints the value, which Gson writes recursively)
 * walks a thousand levels.
 */
final class JsonDepth {
    private JsonDepth() {
    }

    /** The deepest nesting of brackets outside strings: 0 for a bare value, 1 for {@code {"a": 1}}. */
    static int of(String json) {
        int depth = 0;
        int deepest = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                deepest = Math.max(deepest, ++depth);
            } else if (c == ']' || c == '}') {
                depth--;
            }
        }
        return deepest;
    }
}
