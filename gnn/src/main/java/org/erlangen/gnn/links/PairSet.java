package org.erlangen.gnn.links;

import java.util.Arrays;

/**
 * A set of packed pairs for the question negative sampling asks of nearly every random pair, "is this a link?",
 * whose answer is nearly always no. A bit filter (two hashed bits a pair, sixteen bits a pair in all: it stays in
 * the core's cache) answers most of those at once; the rest are looked up among the source's targets, kept sorted
 * per source as a sparse pattern. A hash of the packed longs, twelve bytes a pair, took almost three times as long
 * a draw.
 */
final class PairSet {
    private static final int BITS_PER_PAIR = 16;

    private final long[] filter;
    private final int mask;
    private final int[] starts;
    private final int[] targets;

    /** @param sortedKeys distinct packed pairs in ascending order (as {@link Pairs#sortedKeys} gives them) */
    PairSet(long[] sortedKeys) {
        for (int i = 1; i < sortedKeys.length; i++) {
            if (sortedKeys[i] <= sortedKeys[i - 1]) {
                throw new IllegalArgumentException("pair keys must be distinct and ascending; position " + i
                        + " is not");
            }
        }
        int bits = Integer.highestOneBit(Math.max(64, BITS_PER_PAIR * sortedKeys.length) - 1) << 1;
        filter = new long[bits >>> 6];
        mask = bits - 1;
        int rows = sortedKeys.length == 0 ? 0 : Pairs.source(sortedKeys[sortedKeys.length - 1]) + 1;
        starts = new int[rows + 1];
        targets = new int[sortedKeys.length];
        for (int i = 0; i < sortedKeys.length; i++) {
            long hash = hash(sortedKeys[i]);
            filter[((int) hash & mask) >>> 6] |= 1L << hash;
            filter[((int) (hash >>> 32) & mask) >>> 6] |= 1L << (hash >>> 32);
            starts[Pairs.source(sortedKeys[i]) + 1]++;
            targets[i] = Pairs.target(sortedKeys[i]);
        }
        for (int r = 0; r < rows; r++) {
            starts[r + 1] += starts[r];
        }
    }

    boolean contains(long key) {
        long hash = hash(key);
        if ((filter[((int) hash & mask) >>> 6] & 1L << hash) == 0
                || (filter[((int) (hash >>> 32) & mask) >>> 6] & 1L << (hash >>> 32)) == 0) {
            return false;
        }
        int source = Pairs.source(key);
        return source < starts.length - 1
                && Arrays.binarySearch(targets, starts[source], starts[source + 1], Pairs.target(key)) >= 0;
    }

    /** Murmur3's finaliser: the two halves pick the two bits. */
    private static long hash(long key) {
        long z = (key ^ (key >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
