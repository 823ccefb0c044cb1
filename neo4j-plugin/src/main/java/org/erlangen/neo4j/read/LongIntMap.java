package org.erlangen.neo4j.read;

import java.util.Arrays;

/** Node id to index, open addressing over primitive arrays: no boxing for hundreds of thousands of lookups. */
final class LongIntMap {
    private final long[] keys;
    private final int[] values;
    private final int mask;

    LongIntMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected * 2) - 1) << 1;
        keys = new long[capacity];
        values = new int[capacity];
        Arrays.fill(values, -1);
        mask = capacity - 1;
    }

    void put(long key, int value) {
        int slot = slot(key);
        while (values[slot] >= 0 && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        values[slot] = value;
    }

    /** The value, or -1 when absent. */
    int get(long key) {
        int slot = slot(key);
        while (values[slot] >= 0) {
            if (keys[slot] == key) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) & mask;
    }
}
