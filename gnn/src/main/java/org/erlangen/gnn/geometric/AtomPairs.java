package org.erlangen.gnn.geometric;

import java.util.Arrays;
import org.erlangen.sparse.Csr;

/**
 * The unordered atom pairs behind a graph's directed edges: a radius graph holds both {@code j -> i} and
 * {@code i -> j}, whose distance, and so every function of the distance alone, is the same. Models compute such
 * functions once per pair and read them through {@link #pairOf()}.
 *
 * @param pairOf the pair of every edge, in the adjacency's entry order
 * @param representative one edge of every pair (the one whose sender is not above its receiver, where it exists)
 */
public record AtomPairs(int[] pairOf, int[] representative) {
    /** Pairs the edges of {@code adjacency} (rows are receivers, columns senders). */
    public static AtomPairs of(Csr adjacency) {
        int[] ptr = adjacency.rows().toPointers();
        int[] senders = adjacency.toCols();
        int e = senders.length;
        int[] pairOf = new int[e];
        int[] representative = new int[e];
        int pairs = 0;
        // first the edges with sender <= receiver, each its own pair
        for (int r = 0; r + 1 < ptr.length; r++) {
            for (int k = ptr[r]; k < ptr[r + 1]; k++) {
                if (senders[k] <= r) {
                    pairOf[k] = pairs;
                    representative[pairs++] = k;
                } else {
                    pairOf[k] = -1;
                }
            }
        }
        // then each reverse edge joins the pair of its twin (r -> s), found in row s; an edge without one stands alone
        for (int r = 0; r + 1 < ptr.length; r++) {
            for (int k = ptr[r]; k < ptr[r + 1]; k++) {
                if (pairOf[k] >= 0) {
                    continue;
                }
                int s = senders[k];
                int twin = -1;
                for (int t = ptr[s]; t < ptr[s + 1] && twin < 0; t++) {
                    if (senders[t] == r) {
                        twin = t;
                    }
                }
                if (twin >= 0) {
                    pairOf[k] = pairOf[twin];
                } else {
                    pairOf[k] = pairs;
                    representative[pairs++] = k;
                }
            }
        }
        return new AtomPairs(pairOf, Arrays.copyOf(representative, pairs));
    }

    public int count() {
        return representative.length;
    }
}
