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
