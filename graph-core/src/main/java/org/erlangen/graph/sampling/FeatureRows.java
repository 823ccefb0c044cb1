package org.erlangen.graph.sampling;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.erlangen.kernels.Buffers;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The rows of a node feature matrix that a batch needs, copied into a Java array off the training thread: a sampling
 * worker gathers them straight from the matrix's memory (no copy of the whole matrix, which may hold billions of
 * values), and the training step turns them into an array in its own arena ({@link #toArray}), so a batch's inputs
 * live on the heap until then and the off-heap memory of an epoch does not grow with its batches.
 */
public final class FeatureRows {
    private final float[] floats;
    private final double[] doubles;
    private final int rows;
    private final int width;

    private FeatureRows(float[] floats, double[] doubles, int rows, int width) {
        this.floats = floats;
        this.doubles = doubles;
        this.rows = rows;
        this.width = width;
    }

    /** Rows {@code index} of {@code matrix} ([nodes, width], FLOAT or DOUBLE, row-major), in that order. */
    public static FeatureRows gather(INDArray matrix, int[] index) {
        if (matrix.rank() != 2) {
            throw new IllegalArgumentException("node features must be [nodes, width], got rank " + matrix.rank());
        }
        int width = Math.toIntExact(matrix.size(1));
        int values = checkedSize(matrix.size(0), width, index);
        // a view is copied whole on every call: hand a loader the matrix itself
        INDArray m = matrix.ordering() == 'c' && !matrix.isView() ? matrix : matrix.dup('c');
        DataType dtype = m.dataType();
        if (!Buffers.onCpuBackend() || (dtype != DataType.FLOAT && dtype != DataType.DOUBLE)) {
            return gatherByRows(m, index, width);
        }
        if (dtype == DataType.FLOAT) {
            float[] out = new float[values];
            // a pointer of our own: its position is ours, so workers gather from one matrix at once
            var p = new FloatPointer(m.data().addressPointer());
            for (int i = 0; i < index.length; i++) {
                p.position((long) index[i] * width).get(out, i * width, width);
            }
            return new FeatureRows(out, null, index.length, width);
        }
        double[] out = new double[values];
        var p = new DoublePointer(m.data().addressPointer());
        for (int i = 0; i < index.length; i++) {
            p.position((long) index[i] * width).get(out, i * width, width);
        }
        return new FeatureRows(null, out, index.length, width);
    }

    /** Rows {@code index} of a row-major [rows, width] Java array: one copy per row, no call into native code. */
    public static FeatureRows gather(float[] matrix, int width, int[] index) {
        float[] out = new float[checkedArraySize(matrix.length, width, index)];
        for (int i = 0; i < index.length; i++) {
            System.arraycopy(matrix, index[i] * width, out, i * width, width);
        }
        return new FeatureRows(out, null, index.length, width);
    }

    /** Rows {@code index} of a row-major [rows, width] Java array of doubles. */
    public static FeatureRows gather(double[] matrix, int width, int[] index) {
        double[] out = new double[checkedArraySize(matrix.length, width, index)];
        for (int i = 0; i < index.length; i++) {
            System.arraycopy(matrix, index[i] * width, out, i * width, width);
        }
        return new FeatureRows(null, out, index.length, width);
    }

    /** The values {@code index}'s rows of a [rows, width] matrix hold, refused past one Java array or a bad row. */
    private static int checkedSize(long rows, int width, int[] index) {
        long values = (long) index.length * width;
        if (values > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(index.length + " rows of " + width + " features exceed the 2^31 "
                    + "values one Java array holds: use smaller batches");
        }
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= rows) {
                throw new IllegalArgumentException("row " + index[i] + " at position " + i + " outside [0, " + rows
                        + ")");
            }
        }
        return (int) values;
    }

    private static int checkedArraySize(int length, int width, int[] index) {
        if (width < 1 || length % width != 0) {
            throw new IllegalArgumentException("a matrix of " + length + " values has no rows of width " + width);
        }
        return checkedSize((long) (length / width), width, index);
    }

    private static FeatureRows gatherByRows(INDArray m, int[] index, int width) {
        double[] out = new double[index.length * width];
        for (int i = 0; i < index.length; i++) {
            double[] row = m.getRow(index[i]).toDoubleVector();
            System.arraycopy(row, 0, out, i * width, width);
        }
        if (m.dataType() == DataType.DOUBLE) {
            return new FeatureRows(null, out, index.length, width);
        }
        float[] f = new float[out.length];
        for (int k = 0; k < out.length; k++) {
            f[k] = (float) out[k];
        }
        return new FeatureRows(f, null, index.length, width);
    }

    public int rows() {
        return rows;
    }

    public int width() {
        return width;
    }

    public DataType dataType() {
        return floats != null ? DataType.FLOAT : DataType.DOUBLE;
    }

    /** The rows as a [rows, width] array, made in the current arena when one is open. */
    public INDArray toArray() {
        return floats != null ? Buffers.of(floats, rows, width) : Buffers.of(doubles, rows, width);
    }

    /**
     * The rows as a constant tensor ({@link #toArray}); float rows stay readable on the heap as well
     * ({@link Tensor#constant(INDArray, float[])}), so the first layer's aggregation reads them there.
     */
    public Tensor tensor() {
        return floats != null ? Tensor.constant(toArray(), floats) : Tensor.constant(toArray());
    }

    /** Bytes the gathered rows hold on the heap. */
    public long bytes() {
        return (long) rows * width * (floats != null ? 4 : 8);
    }
}
