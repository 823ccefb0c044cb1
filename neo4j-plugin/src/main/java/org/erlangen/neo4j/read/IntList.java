package org.erlangen.neo4j.read;

/** A growable int array, so edge lists of millions of relationships are not boxed. */
final class IntList {
    private int[] values;
    private int size;

    IntList() {
        this(1024);
    }

    IntList(int capacity) {
        values = new int[Math.max(16, capacity)];
    }

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

    /** The values; the list's own array when it is exactly full (the list is not used after). */
    int[] toArray() {
        return size == values.length ? values : java.util.Arrays.copyOf(values, size);
    }
}
