package org.erlangen.primitives;

import java.util.Arrays;

/**
 * A map from long keys to non-negative ints, open addressing over primitive arrays: no boxing for millions of
 * lookups (node ids to positions, packed vertex pairs to edges). Made with the expected number of keys, it holds them
 * without growing; it grows when more arrive.
 */
public final class LongIntMap {
    /** Keeps the table at most half full, with capacity a power of two that fits in an int. */
    private static final int MAX_EXPECTED = 1 << 29;

    private long[] keys;
    private int[] values;
    private int size;

    public LongIntMap(int expected) {
        if (expected < 0 || expected > MAX_EXPECTED) {
            throw new IllegalArgumentException("expected keys must be in [0, " + MAX_EXPECTED + "], got " + expected);
        }
        int capacity = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
        keys = new long[capacity];
        values = new int[capacity];
        Arrays.fill(values, -1);
    }

    /** The value, or -1 when absent. */
    public int get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            if (values[i] < 0) {
                return -1;
            }
            if (keys[i] == key) {
                return values[i];
            }
        }
    }

    /** Sets the value; returns the previous one or -1. */
    public int put(long key, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("values must be non-negative: " + value);
        }
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            if (values[i] < 0) {
                keys[i] = key;
                values[i] = value;
                size++;
                return -1;
            }
            if (keys[i] == key) {
                int old = values[i];
                values[i] = value;
                return old;
            }
        }
    }

    public int size() {
        return size;
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldValues.length * 2];
        Arrays.fill(values, -1);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] >= 0) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }
}
