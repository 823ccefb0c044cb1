package org.erlangen.mesh;

import java.util.Arrays;

/**
 * A square or rectangular sparse matrix in CSR form: row r holds entries {@code rowPointers[r] ..
 * rowPointers[r+1]}, sorted by column, with no repeated column. The arrays are owned by the record.
 */
public record SparseMatrix(int rows, int cols, int[] rowPointers, int[] columns, double[] values) {
    public SparseMatrix {
        if (rowPointers.length != rows + 1 || columns.length != values.length
                || rowPointers[rows] != columns.length) {
            throw new IllegalArgumentException("CSR arrays inconsistent: " + rows + " rows, " + rowPointers.length
                    + " pointers, " + columns.length + " columns, " + values.length + " values");
        }
    }

    public int entryCount() {
        return columns.length;
    }

    /** The entry at (i, j), 0 if not stored. */
    public double get(int i, int j) {
        int lo = rowPointers[i];
        int hi = rowPointers[i + 1] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (columns[mid] < j) {
                lo = mid + 1;
            } else if (columns[mid] > j) {
                hi = mid - 1;
            } else {
                return values[mid];
            }
        }
        return 0;
    }

    /** y = A x. */
    public double[] multiply(double[] x) {
        if (x.length != cols) {
            throw new IllegalArgumentException("vector of length " + x.length + " for a matrix with " + cols
                    + " columns");
        }
        double[] y = new double[rows];
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int k = rowPointers[r]; k < rowPointers[r + 1]; k++) {
                sum += values[k] * x[columns[k]];
            }
            y[r] = sum;
        }
        return y;
    }

    /** Y = A X for X with {@code width} columns, row-major (cols x width). */
    public double[] multiply(double[] x, int width) {
        if (x.length != cols * width) {
            throw new IllegalArgumentException("matrix of " + x.length + " numbers, expected " + cols + " x "
                    + width);
        }
        double[] y = new double[rows * width];
        for (int r = 0; r < rows; r++) {
            for (int k = rowPointers[r]; k < rowPointers[r + 1]; k++) {
                double a = values[k];
                int c = columns[k];
                for (int j = 0; j < width; j++) {
                    y[r * width + j] += a * x[c * width + j];
                }
            }
        }
        return y;
    }

    /** Row of every entry (the triplet form is (rowOfEntries[k], columns[k], values[k])). */
    public int[] rowOfEntries() {
        int[] out = new int[columns.length];
        for (int r = 0; r < rows; r++) {
            for (int k = rowPointers[r]; k < rowPointers[r + 1]; k++) {
                out[k] = r;
            }
        }
        return out;
    }

    /** Builds a matrix from triplets, summing repeated (row, column) pairs. */
    public static SparseMatrix fromTriplets(int rows, int cols, int[] r, int[] c, double[] v) {
        if (r.length != c.length || r.length != v.length) {
            throw new IllegalArgumentException("triplet arrays differ in length: " + r.length + ", " + c.length
                    + ", " + v.length);
        }
        int[] count = new int[rows + 1];
        for (int k = 0; k < r.length; k++) {
            if (r[k] < 0 || r[k] >= rows || c[k] < 0 || c[k] >= cols) {
                throw new IllegalArgumentException("triplet " + k + " at (" + r[k] + ", " + c[k] + ") outside "
                        + rows + " x " + cols);
            }
            count[r[k] + 1]++;
        }
        for (int i = 0; i < rows; i++) {
            count[i + 1] += count[i];
        }
        int[] next = count.clone();
        int[] cols1 = new int[r.length];
        double[] vals1 = new double[r.length];
        for (int k = 0; k < r.length; k++) {
            int slot = next[r[k]]++;
            cols1[slot] = c[k];
            vals1[slot] = v[k];
        }
        // Sort each (short) row by column, then merge repeats.
        int[] ptr = new int[rows + 1];
        int out = 0;
        for (int i = 0; i < rows; i++) {
            int lo = count[i];
            int hi = count[i + 1];
            for (int a = lo + 1; a < hi; a++) {
                int col = cols1[a];
                double val = vals1[a];
                int b = a - 1;
                while (b >= lo && cols1[b] > col) {
                    cols1[b + 1] = cols1[b];
                    vals1[b + 1] = vals1[b];
                    b--;
                }
                cols1[b + 1] = col;
                vals1[b + 1] = val;
            }
            for (int a = lo; a < hi; a++) {
                if (out > ptr[i] && cols1[out - 1] == cols1[a]) {
                    vals1[out - 1] += vals1[a];
                } else {
                    cols1[out] = cols1[a];
                    vals1[out] = vals1[a];
                    out++;
                }
            }
            ptr[i + 1] = out;
        }
        return new SparseMatrix(rows, cols, ptr, Arrays.copyOf(cols1, out),
                Arrays.copyOf(vals1, out));
    }
}
