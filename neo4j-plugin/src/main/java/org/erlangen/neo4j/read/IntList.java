package org.erlangen.neo4j.read;

/** A growable int array, so edge lists of millions of relationships are not boxed. */
final class IntList {
    private int[] values = new int[1024];
    private int size;

    void add(int v) {
        if (size == values.length) {
            values = java.util.Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    void addAll(int[] more) {
        if (size + more.length > values.length) {
            values = java.util.Arrays.copyOf(values, Math.max(values.length * 2, size + more.length));
        }
        System.arraycopy(more, 0, values, size, more.length);
        size += more.length;
    }

    int[] toArray() {
        return java.util.Arrays.copyOf(values, size);
    }
}
