package org.erlangen.kernels;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.bytedeco.javacpp.BytePointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Moves values between ND4J arrays and Java arrays for the sparse kernels. On the CPU backend this is one bulk copy
 * through an NIO view of the off-heap buffer (about 1.6 ms for 25 MB); other backends go through ND4J's generic path.
 */
public final class Buffers {
    private static final boolean CPU = Nd4j.getBackend().getClass().getSimpleName().startsWith("Cpu");

    private Buffers() {
    }

    /**
     * Whether ND4J runs on the CPU, where its arrays are host memory that Java kernels may read in place; on any other
     * backend (CUDA) reading them means a copy to the host and back.
     */
    public static boolean onCpuBackend() {
        return CPU;
    }

    /** A dense row-major array over exactly {@code a.length()} elements, without a copy when {@code a} already is one. */
    public static INDArray contiguous(INDArray a) {
        boolean plain = !a.isView() && a.ordering() == 'c' && a.data().offset() == 0 && a.data().length() == a.length();
        return plain ? a : a.dup('c');
    }

    /**
     * Floats {@code from..from+count-1} of a contiguous float array's ({@link #contiguous}) native memory, as a buffer
     * for bulk copies to and from the heap: a view of a part, since one buffer holds at most 2 GiB.
     */
    public static FloatBuffer nativeFloats(INDArray a, long from, int count) {
        return new BytePointer(a.data().addressPointer()).getPointer(4 * from).capacity(4L * count).asByteBuffer()
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    public static float[] floats(INDArray a) {
        return floats(a, false);
    }

    public static double[] doubles(INDArray a) {
        return doubles(a, false);
    }

    /**
     * A matrix's rows as double arrays, from one flat copy widened on the heap ({@link #valuesAsDoubles}; ND4J's
     * {@code toDoubleMatrix} makes a view per row: slow for the millions of rows of a big graph).
     */
    public static double[][] doubleRows(INDArray m) {
        if (m.rank() != 2) {
            throw new IllegalArgumentException("rows of a matrix, got shape " + Arrays.toString(m.shape()));
        }
        int rows = Math.toIntExact(m.rows());
        int width = Math.toIntExact(m.columns());
        double[] flat = valuesAsDoubles(m);
        double[][] out = new double[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = Arrays.copyOfRange(flat, i * width, (i + 1) * width);
        }
        return out;
    }

    /** The values as floats, in a {@link Scratch} array when {@code scratch} (to be released by the caller). */
    static float[] floats(INDArray a, boolean scratch) {
        INDArray c = contiguous(a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT));
        if (!CPU) {
            return c.data().asFloat();
        }
        int n = (int) c.length();
        if (n == 0) {
            return new float[0]; // an empty array has no buffer to view
        }
        float[] out = scratch ? Scratch.floats(n) : new float[n];
        c.data().asNioFloat().get(out, 0, n);
        return out;
    }

    static double[] doubles(INDArray a, boolean scratch) {
        INDArray c = contiguous(a.dataType() == DataType.DOUBLE ? a : a.castTo(DataType.DOUBLE));
        if (!CPU) {
            return c.data().asDouble();
        }
        int n = (int) c.length();
        if (n == 0) {
            return new double[0];
        }
        double[] out = scratch ? Scratch.doubles(n) : new double[n];
        c.data().asNioDouble().get(out, 0, n);
        return out;
    }

    /**
     * The values of a float or double array as doubles, without ND4J's cast (one call per array, which cost more
     * than the arithmetic of an optimizer step on a small parameter).
     */
    public static double[] valuesAsDoubles(INDArray a) {
        if (a.dataType() != DataType.FLOAT || !CPU) {
            return doubles(a);
        }
        float[] f = floats(a);
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = f[i];
        }
        return out;
    }

    /** Overwrites {@code target}'s values (float or double, any shape of {@code values.length} elements). */
    public static void write(INDArray target, double[] values) {
        if (target.length() != values.length) {
            throw new IllegalArgumentException("writing " + values.length + " values into an array of "
                    + target.length());
        }
        boolean plain = !target.isView() && target.ordering() == 'c' && target.data().offset() == 0
                && target.data().length() == target.length();
        if (CPU && plain && target.dataType() == DataType.DOUBLE) {
            target.data().asNioDouble().put(values);
        } else if (CPU && plain && target.dataType() == DataType.FLOAT) {
            var buffer = target.data().asNioFloat();
            for (int i = 0; i < values.length; i++) {
                buffer.put(i, (float) values[i]);
            }
        } else {
            target.assign(Nd4j.createFromArray(values).castTo(target.dataType()).reshape(target.shape()));
        }
    }

    public static INDArray of(float[] values, long... shape) {
        if (values.length == 0) {
            return Nd4j.create(DataType.FLOAT, shape); // no buffer to write into
        }
        if (!CPU) {
            return Nd4j.create(values, shape, 'c');
        }
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape);
        out.data().asNioFloat().put(values);
        return out;
    }

    /**
     * The first {@code count} of {@code values} (an array of a {@link SizeClasses size class}, perhaps longer) as an
     * array of {@code shape}.
     */
    public static INDArray ofPrefix(float[] values, int count, long... shape) {
        if (count == values.length || count == 0 || !CPU) {
            return of(count == values.length ? values : Arrays.copyOf(values, count), shape);
        }
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape);
        out.data().asNioFloat().put(values, 0, count);
        return out;
    }

    public static INDArray ofPrefix(double[] values, int count, long... shape) {
        if (count == values.length || count == 0 || !CPU) {
            return of(count == values.length ? values : Arrays.copyOf(values, count), shape);
        }
        INDArray out = Nd4j.createUninitialized(DataType.DOUBLE, shape);
        out.data().asNioDouble().put(values, 0, count);
        return out;
    }

    public static INDArray of(double[] values, long... shape) {
        if (values.length == 0) {
            return Nd4j.create(DataType.DOUBLE, shape);
        }
        if (!CPU) {
            return Nd4j.create(values, shape, 'c');
        }
        INDArray out = Nd4j.createUninitialized(DataType.DOUBLE, shape);
        out.data().asNioDouble().put(values);
        return out;
    }
}
