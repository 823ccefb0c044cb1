package org.erlangen.neo4j.read;

/** Neo4j property values as numbers: a single number or a numeric array; anything else is not a feature. */
public final class Numbers {
    private Numbers() {
    }

    /** The values as floats (a float[] itself, not a copy), or null when {@code value} is not numeric. */
    public static float[] toFloats(Object value) {
        if (value instanceof Number n) {
            return new float[] {n.floatValue()};
        }
        if (value instanceof double[] a) {
            float[] out = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = (float) a[i];
            }
            return out;
        }
        if (value instanceof float[] a) {
            return a;
        }
        if (value instanceof long[] a) {
            float[] out = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i];
            }
            return out;
        }
        if (value instanceof int[] a) {
            float[] out = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i];
            }
            return out;
        }
        if (value instanceof short[] a) {
            float[] out = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i];
            }
            return out;
        }
        if (value instanceof byte[] a) {
            float[] out = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i];
            }
            return out;
        }
        return null;
    }

    /**
     * Compares two numbers by their exact values: integers as longs, fractions as doubles, an integer against a
     * double without rounding the integer (2^53 + 1 is above the double 2^53). NaN comes after every number.
     */
    public static int compareExactly(Number a, Number b) {
        boolean integerA = integer(a);
        boolean integerB = integer(b);
        if (integerA && integerB) {
            return Long.compare(a.longValue(), b.longValue());
        }
        if (!integerA && !integerB) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        return integerA ? compare(a.longValue(), b.doubleValue()) : -compare(b.longValue(), a.doubleValue());
    }

    /** Whether a number is held as an integer (Neo4j's integers arrive as Long; arrays' elements may be narrower). */
    public static boolean integer(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
    }

    private static int compare(long integer, double d) {
        if (Double.isNaN(d) || d >= 0x1p63) {
            return -1;
        }
        if (d < -0x1p63) {
            return 1;
        }
        long whole = (long) d; // exact: |d| < 2^63, and a double that large has no fraction
        if (integer != whole) {
            return Long.compare(integer, whole);
        }
        double fraction = d - whole;
        return fraction > 0 ? -1 : fraction < 0 ? 1 : 0;
    }

    /** A short description of a value's type for error messages: "string 'abc'", "boolean[]"... */
    public static String describe(Object value) {
        if (value instanceof String s) {
            return "string '" + (s.length() > 20 ? s.substring(0, 20) + "..." : s) + "'";
        }
        if (value.getClass().isArray()) {
            return value.getClass().getComponentType().getSimpleName() + "[]";
        }
        return value.getClass().getSimpleName().toLowerCase() + " " + value;
    }
}
