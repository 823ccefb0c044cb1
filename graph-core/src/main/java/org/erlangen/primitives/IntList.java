package org.erlangen.primitives;

import java.util.Arrays;

/**
 * A growable list of ints without boxing, for edge lists of millions of entries and files whose line count is not
 * known up front.
 */
public final class IntList {
    private int[] values;
    private int size;

    public IntList() {
        this(16);
    }

    /** A list with room for {@code capacity} values (at least 16) before it first grows. */
    public IntList(int capacity) {
        values = new int[Math.max(16, capacity)];
    }

    public void add(int v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    public void addAll(int[] more) {
        if (size + more.length > values.length) {
            values = Arrays.copyOf(values, Math.max(values.length * 2, size + more.length));
        }
        System.arraycopy(more, 0, values, size, more.length);
        size += more.length;
    }

    public int get(int i) {
        return values[i];
    }

    public int size() {
        return size;
    }

    /**
     * The values. When the list is exactly full this is its own array, handed over without a copy (a large edge list
     * is not held twice); the list never writes to it again, because the next add moves to a larger array.
     */
    public int[] toArray() {
        return size == values.length ? values : Arrays.copyOf(values, size);
    }
}
