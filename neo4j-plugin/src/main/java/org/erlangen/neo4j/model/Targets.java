package org.erlangen.neo4j.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.IntFunction;
import org.erlangen.neo4j.read.Numbers;

/**
 * Target values per item as a model sees them: class indices into a sorted list of the values seen (so class
 * values may be integers, strings or booleans), or numbers for regression. Absent targets are -1 or NaN.
 */
public final class Targets {
    private Targets() {
    }

    /** Booleans, then numbers, then strings; each in natural order, numbers by their exact values. */
    static final Comparator<Object> ORDER = (a, b) -> {
        int ka = rank(a);
        int kb = rank(b);
        if (ka != kb) {
            return Integer.compare(ka, kb);
        }
        if (a instanceof Number x && b instanceof Number y) {
            return Numbers.compareExactly(x, y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        return ((String) a).compareTo((String) b);
    };

    private static int rank(Object v) {
        return v instanceof Boolean ? 0 : v instanceof Number ? 1 : 2;
    }

    /**
     * Integers as Long, and doubles with an integer value in the range of a long too, so 1 and 1.0 are one class;
     * other doubles stay doubles. An integer never passes through a double: 2^53 and 2^53 + 1 are two classes.
     */
    static Object normalise(Object v) {
        if (v instanceof Number n && Numbers.integer(n)) {
            return n.longValue();
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 0x1p63 ? (Object) (long) d : (Object) d;
        }
        return v;
    }

    public static List<Object> classes(Object[] values, String property, IntFunction<String> itemName) {
        TreeSet<Object> seen = new TreeSet<>(ORDER);
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) {
                continue;
            }
            if (!(v instanceof Number || v instanceof String || v instanceof Boolean)) {
                throw new IllegalArgumentException("targetProperty '" + property + "' must hold single values for "
                        + "classification, got " + Numbers.describe(v) + " on " + itemName.apply(i));
            }
            seen.add(normalise(v));
        }
        return new ArrayList<>(seen);
    }

    public static int[] classIndices(Object[] values, List<Object> classes) {
        Map<Object, Integer> index = new HashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            index.put(classes.get(c), c);
        }
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] == null ? -1 : index.getOrDefault(normalise(values[i]), -1);
        }
        return out;
    }

    public static double[] numbers(Object[] values, String property, IntFunction<String> itemName) {
        double[] out = new double[values.length];
        int bad = 0;
        int example = -1;
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) {
                out[i] = Double.NaN;
            } else if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
                out[i] = n.doubleValue();
            } else {
                bad++;
                example = example < 0 ? i : example;
            }
        }
        if (bad > 0) {
            throw new IllegalArgumentException("targetProperty '" + property + "' must be a finite number for "
                    + "regression, but is not on " + bad + " of " + values.length + " items, e.g. "
                    + itemName.apply(example) + " (" + Numbers.describe(values[example]) + ")");
        }
        return out;
    }
}
