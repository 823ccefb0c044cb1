package org.erlangen.tensor;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Bulk copies between a dense off-heap float or double array and heap arrays of its type ({@code float[]} or
 * {@code double[]}, passed as Object), for the convolution kernels that rearrange a signal through small heap buffers.
 */
final class HeapCopies {
    private final FloatBuffer floats;
    private final DoubleBuffer doubles;

    /** Over {@code a}'s whole buffer: {@code a} must be dense, float or double. */
    HeapCopies(INDArray a) {
        floats = a.dataType() == DataType.FLOAT ? a.data().asNioFloat() : null;
        doubles = floats == null ? a.data().asNioDouble() : null;
    }

    /** A heap array of {@code n} elements of the array's type. */
    Object scratch(int n) {
        return floats != null ? new float[n] : new double[n];
    }

    void get(long index, Object into, int n) {
        if (floats != null) {
            floats.get(Math.toIntExact(index), (float[]) into, 0, n);
        } else {
            doubles.get(Math.toIntExact(index), (double[]) into, 0, n);
        }
    }

    void put(long index, Object from, int n) {
        if (floats != null) {
            floats.put(Math.toIntExact(index), (float[]) from, 0, n);
        } else {
            doubles.put(Math.toIntExact(index), (double[]) from, 0, n);
        }
    }
}
