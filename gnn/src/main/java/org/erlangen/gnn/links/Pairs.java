package org.erlangen.gnn.links;

import java.util.Arrays;

/**
 * Node pairs packed into one {@code long} each, the source in the high 32 bits and the target in the low: what
 * splits, negative samples and the lists of known links hold, without an object per pair.
 */
public final class Pairs {
    private Pairs() {
    }

    public static long pack(int source, int target) {
        return ((long) source << 32) | (target & 0xffffffffL);
    }

    public static int source(long pair) {
        return (int) (pair >>> 32);
    }

    public static int target(long pair) {
        return (int) pair;
    }

    /** The pair as an undirected link names it: the smaller node first. */
    public static long unordered(int u, int v) {
        return u <= v ? pack(u, v) : pack(v, u);
    }

    /** The key a pair is known by: itself, or its {@link #unordered} form when links have no direction. */
    public static long key(long pair, boolean undirected) {
        return undirected ? unordered(source(pair), target(pair)) : pair;
    }

    /** The distinct keys of {@code pairs}, sorted, for {@link #contains}. */
    public static long[] sortedKeys(long[] pairs, boolean undirected) {
        long[] keys = new long[pairs.length];
        for (int i = 0; i < pairs.length; i++) {
            keys[i] = key(pairs[i], undirected);
        }
        return Arrays.stream(keys).sorted().distinct().toArray();
    }

    /** Whether {@code pair}'s key is among {@code sortedKeys}. */
    public static boolean contains(long[] sortedKeys, long pair, boolean undirected) {
        return Arrays.binarySearch(sortedKeys, key(pair, undirected)) >= 0;
    }

    public static int[] sources(long[] pairs) {
        return Arrays.stream(pairs).mapToInt(Pairs::source).toArray();
    }

    public static int[] targets(long[] pairs) {
        return Arrays.stream(pairs).mapToInt(Pairs::target).toArray();
    }
}
