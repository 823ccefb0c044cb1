package org.erlangen.sparse;

import java.util.Arrays;
import java.util.function.Supplier;
import org.erlangen.kernels.SparseKernels;
import org.erlangen.tensor.Workspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A sparse pattern in compressed sparse row form: row {@code r} holds entries {@code ptr[r]..ptr[r+1]}, entry
 * {@code k} refers to column {@code cols[k]}. For a graph, rows are receivers and columns are senders, so a message
 * flows from column to row. The transpose (rows and columns swapped, with the permutation of entries) is built once
 * and cached: it is the backward of every aggregation.
 */
public final class Csr {
    private final Segments rows;
    private final int[] cols;
    private final int colCount;
    private volatile Transpose transpose;
    private volatile TransposedWeights transposedWeights;
    private final DerivedValues derived = new DerivedValues();

    /** Constant edge weights put in the transpose's entry order, remembered for the array they came from. */
    private record TransposedWeights(java.lang.ref.WeakReference<INDArray> source, INDArray permuted) {
    }

    /** The transposed pattern and, for each of its entries, the entry of the original it came from. */
    public record Transpose(Csr csr, int[] entryOf) {
    }

    public Csr(Segments rows, int[] cols, int colCount) {
        if (cols.length != rows.total()) {
            throw new IllegalArgumentException("CSR has " + rows.total() + " entries but " + cols.length + " columns");
        }
        for (int k = 0; k < cols.length; k++) {
            if (cols[k] < 0 || cols[k] >= colCount) {
                throw new IllegalArgumentException("CSR column " + cols[k] + " at entry " + k + " outside [0, "
                        + colCount + ")");
            }
        }
        this.rows = rows;
        this.cols = cols;
        this.colCount = colCount;
    }

    /**
     * Builds the pattern of {@code (row[k], col[k])} pairs, ordered by row and, within a row, in input order.
     * Returns the CSR and the permutation: entry {@code k} of the CSR is pair {@code order[k]} of the input.
     */
    public static Sorted fromCoo(int[] row, int[] col, int rowCount, int colCount) {
        if (row.length != col.length) {
            throw new IllegalArgumentException("COO has " + row.length + " rows but " + col.length + " columns");
        }
        int[] sizes = new int[rowCount];
        for (int k = 0; k < row.length; k++) {
            if (row[k] < 0 || row[k] >= rowCount) {
                throw new IllegalArgumentException("COO row " + row[k] + " at entry " + k + " outside [0, " + rowCount
                        + ")");
            }
            sizes[row[k]]++;
        }
        Segments segments = Segments.ofSizes(sizes);
        int[] next = Arrays.copyOf(segments.pointers(), rowCount);
        int[] order = new int[row.length];
        int[] sortedCols = new int[row.length];
        for (int k = 0; k < row.length; k++) {
            int slot = next[row[k]]++;
            order[slot] = k;
            sortedCols[slot] = col[k];
        }
        return new Sorted(new Csr(segments, sortedCols, colCount), order);
    }

    /** A CSR and the input position of each of its entries. */
    public record Sorted(Csr csr, int[] order) {
    }

    /** One entry per row: row {@code i} refers to column {@code index[i]} (row selection as a pattern). */
    public static Csr selection(int[] index, int colCount) {
        int[] ptr = new int[index.length + 1];
        for (int i = 0; i < index.length; i++) {
            ptr[i + 1] = i + 1;
        }
        return new Csr(Segments.ofPointers(ptr), index.clone(), colCount);
    }

    /**
     * The first {@code count} rows over the same columns, sharing nothing with this one: a layer that needs outputs
     * only for the first nodes (targets first, as a sampled subgraph orders them) aggregates over these rows alone.
     */
    public Csr firstRows(int count) {
        if (count < 0 || count > rowCount()) {
            throw new IllegalArgumentException("first " + count + " rows of a CSR with " + rowCount());
        }
        int[] ptr = Arrays.copyOf(rows.pointers(), count + 1);
        return new Csr(Segments.ofPointers(ptr), Arrays.copyOf(cols, ptr[count]), colCount);
    }

    public Segments rows() {
        return rows;
    }

    public int rowCount() {
        return rows.count();
    }

    public int colCount() {
        return colCount;
    }

    public int entryCount() {
        return cols.length;
    }

    /** Column of every entry; callers must not modify it. */
    int[] cols() {
        return cols;
    }

    public int col(int entry) {
        return cols[entry];
    }

    public int[] toCols() {
        return cols.clone();
    }

    /** Row of every entry. */
    public int[] rowOfEntries() {
        return rows.ids();
    }

    /** The transpose, built on first use. */
    public Transpose transpose() {
        Transpose local = transpose;
        if (local == null) {
            synchronized (this) {
                local = transpose;
                if (local == null) {
                    Sorted sorted = fromCoo(cols, rows.ids(), colCount, rowCount());
                    local = new Transpose(sorted.csr(), sorted.order());
                    transpose = local;
                }
            }
        }
        return local;
    }

    /**
     * A square pattern and its transpose in one: row {@code i} holds row {@code i}'s entries and column {@code i}'s
     * (as entries of row {@code i} of the transpose); {@code entryOf} gives, for each, the entry of this pattern it
     * came from. A weighted sum over it is the sum over the pattern plus the sum over its transpose, in
     * one pass: the gradient of every pair's dot product of a node array with itself.
     */
    public record Symmetric(Csr csr, int[] entryOf) {
    }

    /** The key of {@link #symmetric()} among the derived values. */
    private enum SymmetricKey { INSTANCE }

    /** {@link Symmetric}, built on first use; only for a square pattern. */
    public Symmetric symmetric() {
        if (rowCount() != colCount) {
            throw new IllegalArgumentException("a pattern of " + rowCount() + " rows and " + colCount
                    + " columns has no symmetric form");
        }
        return derived(SymmetricKey.INSTANCE, () -> {
            // one counting pass, no transpose: entry k goes to its row and, reversed, to its column's row
            int n = rowCount();
            int[] ptr = rows.pointers();
            int[] sizes = new int[n];
            for (int i = 0; i < n; i++) {
                sizes[i] += ptr[i + 1] - ptr[i];
            }
            for (int c : cols) {
                sizes[c]++;
            }
            Segments merged = Segments.ofSizes(sizes);
            int[] next = Arrays.copyOf(merged.pointers(), n);
            int[] mcols = new int[2 * cols.length];
            int[] entryOf = new int[2 * cols.length];
            for (int i = 0; i < n; i++) {
                for (int k = ptr[i]; k < ptr[i + 1]; k++) {
                    int at = next[i]++;
                    mcols[at] = cols[k];
                    entryOf[at] = k;
                    at = next[cols[k]]++;
                    mcols[at] = i;
                    entryOf[at] = k;
                }
            }
            return new Symmetric(new Csr(merged, mcols, n), entryOf);
        });
    }

    /**
     * Per-entry weights in the order of the transpose's entries. For constant weights (such as GCN's normalisation)
     * the result is kept for the last array seen, so the backward of every step does not permute them again; such an
     * array must not be changed in place afterwards.
     */
    public INDArray transposedWeights(INDArray weights, boolean constant) {
        int[] entryOf = transpose().entryOf();
        if (!constant) {
            return SparseKernels.permute(weights, entryOf);
        }
        TransposedWeights cached = transposedWeights;
        if (cached != null && cached.source().get() == weights) {
            return cached.permuted();
        }
        INDArray permuted = Workspace.outside(() -> SparseKernels.permute(weights, entryOf));
        transposedWeights = new TransposedWeights(new java.lang.ref.WeakReference<>(weights), permuted);
        return permuted;
    }

    /**
     * A value computed from this pattern once and kept with it: a normalisation, inverse degrees, the graph with
     * self loops. It lives as long as the pattern (and the graph holding it), and each pattern keeps its own, so
     * threads working on different graphs share no lock. {@code key} names the value, with its data type where it
     * has one (a record makes a good key). Two threads asking at once may both compute it; one result is kept.
     */
    public <T> T derived(Object key, Supplier<T> compute) {
        return derived.get(key, compute);
    }

    /** Entries in each row: the in-degree when rows are receivers. */
    public int[] rowSizes() {
        int[] sizes = new int[rowCount()];
        for (int r = 0; r < sizes.length; r++) {
            sizes[r] = rows.size(r);
        }
        return sizes;
    }
}
