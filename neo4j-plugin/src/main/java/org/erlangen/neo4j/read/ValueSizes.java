package org.erlangen.neo4j.read;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** What property values hold on the heap, and how many distinct ones a column has: inputs of memory estimates. */
public final class ValueSizes {
    private ValueSizes() {
    }

    /** Heap bytes of a property value as the reader holds it, with its slot in an array. */
    public static long bytes(Object value) {
        if (value == null) {
            return 8;
        }
        if (value instanceof String s) {
            return 8 + 24 + 16 + 2L * s.length(); // slot, String, its array (two bytes a char, to be safe)
        }
        if (value.getClass().isArray()) {
            long element = value.getClass().getComponentType().isPrimitive() ? 8 : 32;
            return 8 + 16 + element * Array.getLength(value);
        }
        return 8 + 24; // a boxed number or boolean
    }

    public static long bytes(Object[] values) {
        if (values == null) {
            return 0;
        }
        long total = 16;
        for (Object v : values) {
            total += bytes(v);
        }
        return total;
    }

    /** Distinct non-null values, integers and integer-valued floats counted once. */
    public static int distinct(Object[] values) {
        if (values == null) {
            return 0;
        }
        Set<Object> seen = new HashSet<>();
        for (Object v : values) {
            if (v != null) {
                seen.add(key(v));
            }
        }
        return seen.size();
    }

    static void addTo(Collection<Object> seen, Object value) {
        if (value != null) {
            seen.add(key(value));
        }
    }

    private static Object key(Object v) {
        if (v instanceof Number n && !(v instanceof Double || v instanceof Float)) {
            return n.longValue();
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) < 0x1p63) {
            return (long) n.doubleValue();
        }
        return v.getClass().isArray() ? Numbers.describe(v) : v;
    }
}
