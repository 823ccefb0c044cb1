package org.erlangen.neo4j.catalog;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Model names become file names, so they are restricted to characters that cannot leave the catalog's folder: no
 * separators, no "..", no leading dot.
 */
public final class ModelNames {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    private ModelNames() {
    }

    public static String check(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("model name " + (name == null ? "null" : "'" + name + "'")
                    + " is not allowed: use 1 to 100 letters, digits, '_', '-' or '.', starting with a letter or "
                    + "digit, without '..'");
        }
        return name;
    }

    /** A user name as a folder name: characters outside [A-Za-z0-9_-] are written as _xx (hex). */
    static String folderOf(String user) {
        if (user == null || user.isEmpty()) {
            return "_anonymous";
        }
        StringBuilder out = new StringBuilder();
        for (byte b : user.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-') {
                out.append(c);
            } else {
                out.append('_').append(String.format("%02x", b & 0xff));
            }
        }
        return out.toString();
    }
}
