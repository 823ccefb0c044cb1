package org.erlangen.graph;

import java.util.Arrays;
import java.util.List;
import org.erlangen.kernels.Buffers;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Concatenates arrays along their first dimension through Java arrays: one bulk copy per input instead of a native
 * op per row, which keeps batching thousands of small graphs cheap.
 */
final class Rows {
    private Rows() {
    }

    /** Number of values in one row of {@code a} (1 for a vector). */
    static long width(INDArray a) {
        long w = 1;
        for (int d = 1; d < a.rank(); d++) {
            w *= a.size(d);
        }
        return w;
    }

    /**
     * Stacks {@code parts} (all of one data type, each {@code width} values per row) into an array of shape
     * {@code shape}. Float and double copy directly; other types (integer labels) go through double, which is exact
     * for integers up to 2^53.
     */
    static INDArray concat(List<INDArray> parts, DataType dtype, long[] shape) {
        long total = 1;
        for (long s : shape) {
            total = Math.multiplyExact(total, s);
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("batched array of shape " + Arrays.toString(shape)
                    + " exceeds the 2^31 values one Java array can hold");
        }
        if (total == 0) {
            return Nd4j.create(dtype, shape);
        }
        if (!Buffers.onCpuBackend()) {
            return concatOnDevice(parts, dtype, shape);
        }
        if (dtype == DataType.FLOAT) {
            float[] out = new float[(int) total];
            int at = 0;
            for (INDArray p : parts) {
                if (p.length() > 0) {
                    float[] v = Buffers.floats(p);
                    System.arraycopy(v, 0, out, at, v.length);
                    at += v.length;
                }
            }
            return Buffers.of(out, shape);
        }
        double[] out = new double[(int) total];
        int at = 0;
        for (INDArray p : parts) {
            if (p.length() > 0) {
                double[] v = Buffers.doubles(p);
                System.arraycopy(v, 0, out, at, v.length);
                at += v.length;
            }
        }
        INDArray result = Buffers.of(out, shape);
        return dtype == DataType.DOUBLE ? result : result.castTo(dtype);
    }

    /**
     * The same as one ND4J concatenation, for a backend whose arrays are not host memory (a GPU), where the copies
     * through Java arrays would each go to the host and back.
     */
    static INDArray concatOnDevice(List<INDArray> parts, DataType dtype, long[] shape) {
        INDArray[] flat = parts.stream().filter(p -> p.length() > 0).map(p -> p.reshape(p.length()))
                .toArray(INDArray[]::new);
        INDArray out = Nd4j.concat(0, flat).reshape(shape);
        return out.dataType() == dtype ? out : out.castTo(dtype);
    }
}
