package org.erlangen.nn;

import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.erlangen.io.FiniteCheck;
import org.erlangen.kernels.Buffers;
import org.erlangen.kernels.ColumnKernels;
import org.erlangen.kernels.Parallel;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Standardises the continuous input columns of a model, {@code (x - mean) / scale} per column, with the mean and
 * the (population) standard deviation of the training items, as scikit-learn's {@code StandardScaler}. Features in
 * business units (ages, amounts in dollars, counts) otherwise blow up sums over neighbours and readouts, and the
 * model collapses to a constant.
 *
 * <p>A column whose training values all lie in [-1, 1] is left as it is (mean 0, scale 1): binary flags, one-hot
 * codes, proportions and row-normalised counts are already on the unit scale, and standardising Cora's row-normalised
 * words with the 140 training nodes' statistics cost its GCN 5 to 7 points of test accuracy. A column with zero
 * variance gets scale 1. The statistics are buffers ({@code mean}, {@code scale}), so they travel in the model file
 * and predictions use the training statistics. Unfitted, the module is the identity.
 */
public final class FeatureScaling extends Module {
    /** Standard deviations below this share of a column's magnitude count as zero (rounding, not spread). */
    private static final double RELATIVE_ZERO = 1e-9;
    /** Rows standardised through one heap array at a time. */
    private static final int VIEW_ROWS = 1024;

    private final int width;
    private final INDArray mean;
    private final INDArray scale;

    public FeatureScaling(int width, DataType dtype) {
        if (width < 1) {
            throw new IllegalArgumentException("feature scaling needs at least one column, got " + width);
        }
        this.width = width;
        this.mean = buffer("mean", Nd4j.zeros(dtype, width));
        this.scale = buffer("scale", Nd4j.ones(dtype, width));
    }

    /** Fits the statistics to the training items' feature rows ({@code [items, width]}). */
    public void fit(INDArray rows) {
        fit(List.of(rows));
    }

    /**
     * Fits the statistics to the training items' feature rows, given in blocks (one per training graph, say).
     *
     * @throws IllegalArgumentException when there are no rows, a block has another width, or a value is not finite
     */
    public void fit(List<INDArray> blocks) {
        fit(blocks, new boolean[width]);
    }

    /**
     * {@link #fit(List)}, with the columns {@code spread} marks standardised whatever their range: columns whose
     * information lies in small differences, as a random projection's unit-length rows, whose entries all lie in
     * [-1, 1] but spread over a small part of it.
     */
    public void fit(List<INDArray> blocks, boolean[] spread) {
        long count = 0;
        for (INDArray block : blocks) {
            check(block);
            count += block.rows();
        }
        fit(visitor -> blocks.forEach(block -> forEachRow(block, visitor)), count, spread, () -> {
            for (INDArray block : blocks) {
                FiniteCheck.requireFinite(block, "the training items' features"); // names the first bad value
            }
        });
    }

    /**
     * {@link #fit(List, boolean[])} on rows {@code rows} of {@code matrix} ({@code [nodes, width]}), read where they
     * lie rather than copied out first (800,000 training rows of 64 floats are 205 MB); the same statistics, bit for
     * bit.
     */
    public void fit(INDArray matrix, int[] rows, boolean[] spread) {
        check(matrix);
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= matrix.rows()) {
                throw new IllegalArgumentException("training row " + rows[i] + " at position " + i + " outside [0, "
                        + matrix.rows() + ")");
            }
        }
        if (matrix.dataType() != DataType.FLOAT || !Buffers.onCpuBackend()) {
            fit(List.of(Nd4j.pullRows(matrix, 1, rows)), spread);
            return;
        }
        INDArray whole = Buffers.contiguous(matrix);
        fit(visitor -> forEachRow(whole, rows, visitor), rows.length, spread,
                () -> FiniteCheck.requireFinite(Nd4j.pullRows(matrix, 1, rows), "the training items' features"));
    }

    /** Visits every training row, in the same order each time. */
    private interface RowScan {
        void scan(RowVisitor visitor);
    }

    private void fit(RowScan rows, long count, boolean[] spread, Runnable nonFinite) {
        if (spread.length != width) {
            throw new IllegalArgumentException("feature scaling of " + width + " columns got " + spread.length
                    + " column marks");
        }
        double[] sum = new double[width];
        boolean[] unit = new boolean[width];
        Arrays.fill(unit, true);
        boolean[] finite = {true};
        // column by column within a row: a modulo per value made this the slowest step of reading a large graph
        rows.scan((row, at) -> {
            for (int c = 0; c < width; c++) {
                double v = row[at + c];
                sum[c] += v;
                unit[c] &= v >= -1 && v <= 1;
                finite[0] &= Double.isFinite(v);
            }
        });
        if (!finite[0]) {
            nonFinite.run();
        }
        if (count == 0) {
            throw new IllegalArgumentException("feature scaling needs at least one training row");
        }
        double[] m = new double[width];
        for (int c = 0; c < width; c++) {
            m[c] = sum[c] / count;
        }
        double[] squares = new double[width];
        rows.scan((row, at) -> {
            for (int c = 0; c < width; c++) {
                double d = row[at + c] - m[c];
                squares[c] += d * d;
            }
        });
        double[] s = new double[width];
        for (int c = 0; c < width; c++) {
            double std = Math.sqrt(squares[c] / count);
            if (unit[c] && !spread[c]) {
                m[c] = 0;
                s[c] = 1;
            } else {
                s[c] = std > RELATIVE_ZERO * Math.max(1, Math.abs(m[c])) ? std : 1;
            }
        }
        Buffers.write(mean, m);
        Buffers.write(scale, s);
    }

    /** Checks a block's width. */
    private void check(INDArray block) {
        if (block.rank() != 2 || block.columns() != width) {
            throw new IllegalArgumentException("feature scaling of " + width + " columns got rows of shape "
                    + Arrays.toString(block.shape()));
        }
    }

    /** A row of values: {@code row[at..at + width)}. */
    private interface RowVisitor {
        void visit(double[] row, int at);
    }

    /** Visits a block's rows in order, a slab of rows at a time as doubles: no copy of a large block at once. */
    private void forEachRow(INDArray block, RowVisitor visitor) {
        int rows = Math.toIntExact(block.rows());
        int slab = Math.max(1, (1 << 16) / width);
        if (block.dataType() == DataType.FLOAT && Buffers.onCpuBackend()) {
            // slabs read straight from native memory into two reused heap arrays: a view, a copy of it and a heap
            // array per slab made fitting 800,000 training rows take seconds of a million-node training call
            INDArray whole = Buffers.contiguous(block);
            float[] part = new float[Math.min(rows, slab) * width];
            double[] values = new double[part.length];
            for (int from = 0; from < rows; from += slab) {
                int count = (Math.min(rows, from + slab) - from) * width;
                Buffers.nativeFloats(whole, (long) from * width, count).get(part, 0, count);
                for (int i = 0; i < count; i++) {
                    values[i] = part[i];
                }
                for (int at = 0; at < count; at += width) {
                    visitor.visit(values, at);
                }
            }
            return;
        }
        for (int from = 0; from < rows; from += slab) {
            int to = Math.min(rows, from + slab);
            INDArray part = from == 0 && to == rows ? block : block.get(NDArrayIndex.interval(from, to),
                    NDArrayIndex.all());
            double[] values = Buffers.valuesAsDoubles(part);
            for (int r = 0; r < to - from; r++) {
                visitor.visit(values, r * width);
            }
        }
    }

    /** Visits rows {@code rows} of a contiguous float matrix in that order, a slab at a time as doubles. */
    private void forEachRow(INDArray whole, int[] rows, RowVisitor visitor) {
        int slab = Math.max(1, (1 << 16) / width);
        float[] part = new float[Math.min(rows.length, slab) * width];
        double[] values = new double[part.length];
        // a pointer of our own: its position is ours
        var pointer = new FloatPointer(whole.data().addressPointer());
        for (int from = 0; from < rows.length; from += slab) {
            int count = Math.min(rows.length, from + slab) - from;
            for (int i = 0; i < count; i++) {
                pointer.position((long) rows[from + i] * width).get(part, i * width, width);
            }
            for (int i = 0; i < count * width; i++) {
                values[i] = part[i];
            }
            for (int at = 0; at < count * width; at += width) {
                visitor.visit(values, at);
            }
        }
    }

    /**
     * {@code (x - mean) / scale} per column; columns left as they are come out bit for bit, and when no column is
     * standardised, the input itself.
     */
    public Tensor apply(Tensor x) {
        if (x.rank() != 2 || x.size(1) != width) {
            throw new IllegalArgumentException("feature scaling of " + width + " columns got input of shape "
                    + Arrays.toString(x.shape()));
        }
        INDArray m = mean.castTo(x.dtype()).reshape(1, width);
        INDArray s = scale.castTo(x.dtype()).reshape(1, width);
        float[] mf = Buffers.floats(m);
        float[] sf = Buffers.floats(s);
        if (identity(mf, sf)) {
            return x;
        }
        if (!x.requiresGrad() && x.dtype() == DataType.FLOAT && Buffers.onCpuBackend() && x.size(0) > 0) {
            return Tensor.constant(scaledConstant(x.data(), mf, sf));
        }
        return Ops.div(Ops.sub(x, Tensor.constant(m)), Tensor.constant(s));
    }

    /**
     * The same values for a constant input (a batch's features) in one pass over native memory, where the two
     * broadcast operations read and wrote the batch twice.
     */
    private INDArray scaledConstant(INDArray x, float[] m, float[] s) {
        INDArray in = Buffers.contiguous(x);
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
        int rows = Math.toIntExact(x.size(0));
        // VIEW_ROWS rows at a time through a heap array: bulk copies in and out, the arithmetic in between
        Parallel.forRows(rows, null, width, (from, to) -> {
            float[] part = new float[Math.min(VIEW_ROWS, to - from) * width];
            for (int r = from; r < to; r += VIEW_ROWS) {
                int count = Math.min(VIEW_ROWS, to - r);
                Buffers.nativeFloats(in, (long) r * width, count * width).get(part, 0, count * width);
                ColumnKernels.standardise(part, count, m, s, width);
                Buffers.nativeFloats(out, (long) r * width, count * width).put(part, 0, count * width);
            }
        });
        return out;
    }

    /**
     * The first {@code rows} rows of a heap array of this width, scaled in place: the values {@link #apply} gives for
     * a float constant of them, bit for bit. For a batch's feature rows, which the caller owns and copies off the heap
     * after: one pass in the heap array instead of one over native memory.
     */
    public void applyInPlace(float[] values, int rows) {
        if (rows < 0 || (long) rows * width > values.length) {
            throw new IllegalArgumentException("feature scaling of " + rows + " rows of " + width + " columns in an "
                    + "array of " + values.length + " values");
        }
        float[] mf = Buffers.floats(mean.castTo(DataType.FLOAT));
        float[] sf = Buffers.floats(scale.castTo(DataType.FLOAT));
        if (identity(mf, sf)) {
            return;
        }
        Parallel.forRows(rows, null, width, (from, to) -> ColumnKernels.standardise(values, from, to, mf, sf, width));
    }

    /** Whether no column is standardised (means 0, scales 1): then the input is the output, with no pass over it. */
    private static boolean identity(float[] m, float[] s) {
        for (int c = 0; c < m.length; c++) {
            if (m[c] != 0 || s[c] != 1) {
                return false;
            }
        }
        return true;
    }

    /** Which columns are standardised (the others are left as they are). */
    public boolean[] standardised() {
        double[] m = mean.castTo(DataType.DOUBLE).toDoubleVector();
        double[] s = scale.castTo(DataType.DOUBLE).toDoubleVector();
        boolean[] out = new boolean[width];
        for (int c = 0; c < width; c++) {
            out[c] = m[c] != 0 || s[c] != 1;
        }
        return out;
    }

    public INDArray mean() {
        return mean;
    }

    public INDArray scale() {
        return scale;
    }
}
