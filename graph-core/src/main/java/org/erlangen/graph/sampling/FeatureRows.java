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
 * live on the heap until then and the off-heap memory of an epoch does not grow with its batches. Rows gathered from
 * {@link NodeRows} lie in an array of its pool, perhaps longer than they need, which {@link #release} gives back.
 */
public final class FeatureRows {
    private final float[] floats;
    private final double[] doubles;
    private final int rows;
    private final int width;
    private final RowPool pool;
    private boolean released;
    /** Whether the heap rows were changed in place ({@link #tensor(InPlace)}): no longer the gathered values. */
    private boolean changed;

    /** A change of float rows made in their heap array, before they are copied off the heap. */
    @FunctionalInterface
    public interface InPlace {
        /** Changes the first {@code rows} rows of {@code width} values of {@code values}. */
        void apply(float[] values, int rows, int width);
    }

    private FeatureRows(float[] floats, double[] doubles, int rows, int width) {
        this(floats, doubles, rows, width, null);
    }

    private FeatureRows(float[] floats, double[] doubles, int rows, int width, RowPool pool) {
        this.floats = floats;
        this.doubles = doubles;
        this.rows = rows;
        this.width = width;
        this.pool = pool;
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
        return gather(matrix, width, index, null);
    }

    /** Rows {@code index} of a row-major [rows, width] Java array of doubles. */
    public static FeatureRows gather(double[] matrix, int width, int[] index) {
        return gather(matrix, width, index, null);
    }

    /** As {@link #gather(float[], int, int[])}, into an array of {@code pool} when one is given. */
    static FeatureRows gather(float[] matrix, int width, int[] index, RowPool pool) {
        int values = checkedArraySize(matrix.length, width, index);
        float[] out = pool == null ? new float[values] : pool.floats(values);
        for (int i = 0; i < index.length; i++) {
            System.arraycopy(matrix, index[i] * width, out, i * width, width);
        }
        return new FeatureRows(out, null, index.length, width, pool);
    }

    static FeatureRows gather(double[] matrix, int width, int[] index, RowPool pool) {
        int values = checkedArraySize(matrix.length, width, index);
        double[] out = pool == null ? new double[values] : pool.doubles(values);
        for (int i = 0; i < index.length; i++) {
            System.arraycopy(matrix, index[i] * width, out, i * width, width);
        }
        return new FeatureRows(null, out, index.length, width, pool);
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
        checkGathered();
        return floats != null ? Buffers.ofPrefix(floats, rows * width, rows, width)
                : Buffers.ofPrefix(doubles, rows * width, rows, width);
    }

    private void checkGathered() {
        if (released) {
            throw new IllegalStateException("these feature rows were released: their array may hold another batch's");
        }
        if (changed) {
            throw new IllegalStateException("these feature rows were changed in place: they are not the rows gathered");
        }
    }

    /**
     * Gives the rows' array back to the pool it came from, for a later batch: call it once nothing reads these rows
     * any more (the step that used them is over), and use them no more. Rows of no pool are left to the collector.
     */
    public void release() {
        boolean first = !released;
        released = true;
        if (first && pool != null && floats != null) {
            pool.release(floats);
        } else if (first && pool != null) {
            pool.release(doubles);
        }
    }

    /**
     * The rows as a constant tensor ({@link #toArray}); float rows stay readable on the heap as well
     * ({@link Tensor#constant(INDArray, float[])}), so the first layer's aggregation reads them there.
     */
    public Tensor tensor() {
        return floats != null ? Tensor.constant(toArray(), floats) : Tensor.constant(toArray());
    }

    /**
     * Float rows changed in place by {@code change} (a model's input scaling and dropout: one pass over the heap
     * array, where each would make and read a native array of the whole batch), as a constant tensor whose values
     * stay readable on the heap too. Once only: the gathered values are gone after. Null for double rows, which have
     * no such path.
     */
    public Tensor tensor(InPlace change) {
        if (floats == null) {
            return null;
        }
        checkGathered();
        changed = true;
        change.apply(floats, rows, width);
        return Tensor.constant(Buffers.ofPrefix(floats, rows * width, rows, width), floats);
    }

    /** Bytes the gathered rows hold on the heap. */
    public long bytes() {
        return (long) rows * width * (floats != null ? 4 : 8);
    }
}
