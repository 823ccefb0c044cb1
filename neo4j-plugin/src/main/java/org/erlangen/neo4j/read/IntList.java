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

    int[] toArray() {
        return java.util.Arrays.copyOf(values, size);
    }
}
