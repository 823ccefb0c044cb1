package org.erlangen.io;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** How a table field reads: missing, a number (finite or not) or text. */
final class TableValues {
    /** Written for "no value" by spreadsheets, R, pandas and the UCI repository ("?"). */
    private static final Set<String> MISSING = Set.of("", "na", "n/a", "nan", "null", "?");
    private static final Set<String> INFINITE = Set.of("inf", "+inf", "-inf", "infinity", "+infinity", "-infinity");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    /** A decimal comma, as semicolon-separated files from many locales write numbers. */
    private static final Pattern DECIMAL_COMMA = Pattern.compile("[+-]?\\d+,\\d+([eE][+-]?\\d+)?");

    private TableValues() {
    }

    static boolean missing(String value) {
        return MISSING.contains(value.toLowerCase(Locale.ROOT));
    }

    /** Whether the field spells a number, finite or not (decimal commas only in semicolon tables). */
    static boolean number(String value, char delimiter) {
        return NUMBER.matcher(value).matches() || INFINITE.contains(value.toLowerCase(Locale.ROOT))
                || delimiter == ';' && DECIMAL_COMMA.matcher(value).matches();
    }

    /** The value of a field that {@link #number} accepts; infinite for an infinity or an overflow. */
    static double parse(String value) {
        if (INFINITE.contains(value.toLowerCase(Locale.ROOT))) {
            return value.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.parseDouble(value.replace(',', '.'));
    }

    /** A whole number written without a fraction, as a class name: "1.0" and "1" are one class, "1". */
    static String className(String value, char delimiter) {
        if (number(value, delimiter)) {
            double v = parse(value);
            if (Double.isFinite(v) && v == Math.rint(v) && Math.abs(v) < 1e15) {
                return Long.toString((long) v);
            }
        }
        return value;
    }
}
