package org.erlangen.gnn.attention;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.erlangen.sparse.Csr;
import org.erlangen.sparse.Segments;

/**
 * The sparse patterns of attention inside the sets of one batch (the nodes of each graph, the elements of each set),
 * built once per batch and shared by every layer and step that attends over it. In every pattern rows are queries
 * and columns are keys, as rows are receivers in a graph's adjacency: a value flows from a key to a query.
 *
 * <p>Seeds (Set Transformer's inducing points and PMA's seed vectors) are laid out {@code m} per set, set by set:
 * seed {@code j} of set {@code b} is row {@code b * m + j}.
 */
public final class AttentionPatterns {
    private final Segments sets;
    private volatile Csr within;
    private final Map<Integer, Csr> seedsToElements = new ConcurrentHashMap<>();
    private final Map<Integer, Csr> elementsToSeeds = new ConcurrentHashMap<>();

    private AttentionPatterns(Segments sets) {
        this.sets = sets;
    }

    public static AttentionPatterns of(Segments sets) {
        return new AttentionPatterns(Objects.requireNonNull(sets, "sets"));
    }

    public Segments sets() {
        return sets;
    }

    /** Every element attends to every element of its own set, itself included: {@code sum n_b^2} entries. */
    public Csr within() {
        Csr local = within;
        if (local == null) {
            local = between(sets, sets);
            within = local;
        }
        return local;
    }

    /** {@code m} seeds per set, each attending to all elements of its set. */
    public Csr seedsToElements(int m) {
        return seedsToElements.computeIfAbsent(checkSeeds(m), k -> between(seeds(k), sets));
    }

    /** Each element attending to the {@code m} seeds of its set. */
    public Csr elementsToSeeds(int m) {
        return elementsToSeeds.computeIfAbsent(checkSeeds(m), k -> between(sets, seeds(k)));
    }

    /** {@code m} rows per set. */
    public Segments seeds(int m) {
        int[] sizes = new int[sets.count()];
        Arrays.fill(sizes, checkSeeds(m));
        return Segments.ofSizes(sizes);
    }

    /** For each seed row, which of the {@code m} shared seed vectors it is ({@code row mod m}): tiles seeds per set. */
    public int[] seedIndex(int m) {
        int[] index = new int[Math.multiplyExact(sets.count(), checkSeeds(m))];
        for (int i = 0; i < index.length; i++) {
            index[i] = i % m;
        }
        return index;
    }

    /**
     * All pairs {@code (query, key)} with the query in segment {@code b} of {@code queries} and the key in segment
     * {@code b} of {@code keys}; both must have the same number of segments. Keys of a row are in increasing order.
     */
    public static Csr between(Segments queries, Segments keys) {
        if (queries.count() != keys.count()) {
            throw new IllegalArgumentException("queries have " + queries.count() + " sets but keys have "
                    + keys.count());
        }
        int[] ptr = new int[queries.total() + 1];
        long entries = 0;
        for (int b = 0; b < queries.count(); b++) {
            entries += (long) queries.size(b) * keys.size(b);
        }
        if (entries > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the attention pattern would have " + entries
                    + " pairs, more than an int index allows; use smaller sets or inducing points");
        }
        int[] cols = new int[(int) entries];
        int k = 0;
        for (int b = 0; b < queries.count(); b++) {
            for (int q = queries.start(b); q < queries.end(b); q++) {
                for (int key = keys.start(b); key < keys.end(b); key++) {
                    cols[k++] = key;
                }
                ptr[q + 1] = k;
            }
        }
        return new Csr(Segments.ofPointers(ptr), cols, keys.total());
    }

    private static int checkSeeds(int m) {
        if (m < 1) {
            throw new IllegalArgumentException("the number of seeds per set must be positive, got " + m);
        }
        return m;
    }
}
