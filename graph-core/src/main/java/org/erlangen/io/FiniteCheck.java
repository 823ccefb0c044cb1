package org.erlangen.io;

import java.util.Arrays;
import java.util.Locale;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.erlangen.kernels.Buffers;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Values a model can compute with: finite numbers that stay finite as the 32-bit floats features and weights are
 * kept in. One NaN, infinity or 1e300 (which becomes infinity as a float) among the features turns every weight it
 * touches into NaN within a step, so readers refuse such values where they can name them (file and line, node and
 * property, row and column), and model files refuse weights that are not finite.
 *
 * <pre>
 *   String problem = FiniteCheck.problem(value);
 *   if (problem != null) {
 *       throw in.error("column 'income' is " + problem);
 *   }
 * </pre>
 */
public final class FiniteCheck {
    /** Values read at a time from an array's memory. */
    private static final int SLAB = 1 << 20;

    private FiniteCheck() {
    }

    /**
     * Why {@code value} cannot be a feature value ("NaN", "infinite", "1.0E300, beyond the 32-bit float range of
     * +-3.4e38"), or null when it can.
     */
    public static String problem(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (Float.isInfinite((float) value)) {
            return value + ", beyond the 32-bit float range of +-3.4e38";
        }
        return null;
    }

    /** Whether {@code value} is finite as a 32-bit float. */
    public static boolean isFiniteFloat(double value) {
        return problem(value) == null;
    }

    /**
     * The first entry of {@code a}, in C order, that is not finite (floating-point arrays only; integers always are),
     * or null when every entry is.
     */
    public static Entry firstNonFinite(INDArray a) {
        if (!a.dataType().isFPType() || a.isEmpty()) {
            return null;
        }
        if (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE) {
            a = a.castTo(DataType.DOUBLE);
        }
        if (!Buffers.onCpuBackend()) {
            return scan(a, Buffers.doubles(a));
        }
        // read in slabs straight from the array's memory: a matrix of billions of values has no Java copy
        INDArray c = a.ordering() == 'c' && !a.isView() ? a : a.dup('c');
        boolean single = c.dataType() == DataType.FLOAT;
        Pointer base = c.data().addressPointer();
        long total = c.length();
        long first = -1;
        double firstValue = Double.NaN;
        long count = 0;
        float[] floats = single ? new float[(int) Math.min(SLAB, total)] : null;
        double[] doubles = single ? null : new double[(int) Math.min(SLAB, total)];
        for (long from = 0; from < total; from += SLAB) {
            int length = (int) Math.min(SLAB, total - from);
            if (single) {
                new FloatPointer(base).position(from).get(floats, 0, length);
            } else {
                new DoublePointer(base).position(from).get(doubles, 0, length);
            }
            for (int i = 0; i < length; i++) {
                double v = single ? floats[i] : doubles[i];
                if (!Double.isFinite(v)) {
                    count++;
                    if (first < 0) {
                        first = from + i;
                        firstValue = v;
                    }
                }
            }
        }
        return first < 0 ? null : new Entry(first, a.shape(), firstValue, count, total);
    }

    private static Entry scan(INDArray a, double[] values) {
        int first = -1;
        long count = 0;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                count++;
                first = first < 0 ? i : first;
            }
        }
        return first < 0 ? null : new Entry(first, a.shape(), values[first], count, values.length);
    }

    /**
     * Refuses a matrix of features with an entry that is not finite, naming its row and column.
     *
     * @param what how messages name the matrix ("node features")
     * @throws IllegalArgumentException for the first such entry
     */
    public static void requireFinite(INDArray rows, String what) {
        Entry bad = firstNonFinite(rows);
        if (bad != null) {
            throw new IllegalArgumentException(what + " hold " + bad.describe() + "; features must be finite numbers");
        }
    }

    /**
     * A non-finite entry: its flat index in C order, the array's shape, its value, and how many of the array's
     * {@code total} entries are not finite.
     */
    public record Entry(long index, long[] shape, double value, long count, long total) {
        /** The entry's position, one index per dimension ({@code [row, column]} for a matrix). */
        public long[] position() {
            long[] at = new long[shape.length];
            long rest = index;
            for (int d = shape.length - 1; d >= 0; d--) {
                at[d] = shape[d] == 0 ? 0 : rest % shape[d];
                rest = shape[d] == 0 ? 0 : rest / shape[d];
            }
            return at;
        }

        /** "NaN at row 3, column 2 (1 of 600 values not finite)", or "at [2, 0, 1]" beyond two dimensions. */
        public String describe() {
            long[] at = position();
            String where = switch (at.length) {
                case 0 -> "";
                case 1 -> " at index " + at[0];
                case 2 -> " at row " + at[0] + ", column " + at[1];
                default -> " at " + Arrays.toString(at);
            };
            return String.format(Locale.ROOT, "%s%s (%,d of %,d values not finite)", value, where, count, total);
        }
    }
}
