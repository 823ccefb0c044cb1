package org.erlangen.sparse;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Consecutive groups of rows: group {@code i} holds rows {@code ptr[i]} (inclusive) to {@code ptr[i+1]}. The edges of a
 * graph sorted by receiver, or the nodes of a batch of graphs, are segments, so aggregation and readout need no index.
 */
public final class Segments {
    private final int[] ptr;
    private volatile int[] ids;
    private final DerivedValues derived = new DerivedValues();

    private Segments(int[] ptr) {
        this.ptr = ptr;
    }

    /** From a pointer array of length count+1, starting at 0 and never decreasing. */
    public static Segments ofPointers(int[] ptr) {
        if (ptr.length == 0 || ptr[0] != 0) {
            throw new IllegalArgumentException("segment pointers must start at 0");
        }
        for (int i = 1; i < ptr.length; i++) {
            if (ptr[i] < ptr[i - 1]) {
                throw new IllegalArgumentException("segment pointers decrease at " + i + ": " + ptr[i - 1] + " > "
                        + ptr[i]);
            }
        }
        return new Segments(ptr);
    }

    /** From the size of each group. */
    public static Segments ofSizes(int[] sizes) {
        int[] ptr = new int[sizes.length + 1];
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 0) {
                throw new IllegalArgumentException("segment " + i + " has negative size " + sizes[i]);
            }
            ptr[i + 1] = Math.addExact(ptr[i], sizes[i]);
        }
        return new Segments(ptr);
    }

    /** From the group of each row, which must be sorted; {@code count} groups in all (some may be empty). */
    public static Segments ofSortedIds(int[] ids, int count) {
        int[] ptr = new int[count + 1];
        for (int i = 0; i < ids.length; i++) {
            int id = ids[i];
            if (id < 0 || id >= count) {
                throw new IllegalArgumentException("segment id " + id + " at row " + i + " outside [0, " + count + ")");
            }
            if (i > 0 && id < ids[i - 1]) {
                throw new IllegalArgumentException("segment ids are not sorted at row " + i);
            }
            ptr[id + 1]++;
        }
        for (int i = 0; i < count; i++) {
            ptr[i + 1] += ptr[i];
        }
        return new Segments(ptr);
    }

    public int count() {
        return ptr.length - 1;
    }

    /** The number of rows in all groups. */
    public int total() {
        return ptr[ptr.length - 1];
    }

    public int start(int group) {
        return ptr[group];
    }

    public int end(int group) {
        return ptr[group + 1];
    }

    public int size(int group) {
        return ptr[group + 1] - ptr[group];
    }

    /** The pointer array; callers must not modify it. */
    int[] pointers() {
        return ptr;
    }

    /** A copy of the pointer array. */
    public int[] toPointers() {
        return ptr.clone();
    }

    /** The group of every row, computed once. */
    public int[] ids() {
        int[] local = ids;
        if (local == null) {
            local = new int[total()];
            for (int g = 0; g < count(); g++) {
                Arrays.fill(local, ptr[g], ptr[g + 1], g);
            }
            ids = local;
        }
        return local;
    }

    /**
     * A value computed from these segments once and kept with them, as {@link Csr#derived} does for a pattern: the
     * inverse sizes of a mean, the segment ids as an ND4J index.
     */
    public <T> T derived(Object key, Supplier<T> compute) {
        return derived.get(key, compute);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Segments s && Arrays.equals(ptr, s.ptr);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ptr);
    }
}
