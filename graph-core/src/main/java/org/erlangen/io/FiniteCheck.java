package org.erlangen.io;

import java.util.Arrays;
import java.util.Locale;
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
        if (a.dataType() == DataType.FLOAT) {
            float[] values = Buffers.floats(a);
            int first = -1;
            long count = 0;
            for (int i = 0; i < values.length; i++) {
                if (!Float.isFinite(values[i])) {
                    count++;
                    first = first < 0 ? i : first;
                }
            }
            return first < 0 ? null : new Entry(first, a.shape(), values[first], count, values.length);
        }
        double[] values = Buffers.doubles(a);
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
