package org.erlangen.gauge;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Row access to the memory of a dense row-major ND4J array, float32 or float64, through an NIO view: the kernels
 * read and write it in place instead of copying whole arrays to and from the Java heap (for edge-sized arrays of
 * tens of megabytes the copies and their allocation cost more than the arithmetic). Values pass through doubles.
 * Absolute get and put only, so threads working on disjoint rows may share one.
 */
final class RowBuffer {
    private final INDArray array;
    private final FloatBuffer floats;
    private final DoubleBuffer doubles;

    private RowBuffer(INDArray array) {
        this.array = array;
        if (array.dataType() == DataType.DOUBLE) {
            doubles = array.data().asNioDouble();
            floats = null;
        } else {
            floats = array.data().asNioFloat();
            doubles = null;
        }
    }

    /** The array itself when it is dense, row-major, of its own buffer and float32 or float64; else a copy. */
    static RowBuffer of(INDArray a) {
        DataType t = a.dataType() == DataType.DOUBLE ? DataType.DOUBLE : DataType.FLOAT;
        INDArray c = a.dataType() == t ? a : a.castTo(t);
        boolean plain = !c.isView() && c.ordering() == 'c' && c.data().offset() == 0
                && c.data().length() == c.length();
        return new RowBuffer(plain ? c : c.dup('c'));
    }

    /** A new uninitialised array of the given type (float64, or else float32) and shape. */
    static RowBuffer create(DataType type, long... shape) {
        DataType t = type == DataType.DOUBLE ? DataType.DOUBLE : DataType.FLOAT;
        return new RowBuffer(Nd4j.createUninitialized(t, shape));
    }

    /**
     * The array, once the kernels are done with it. Writes through the NIO view reach the host copy only: on a GPU
     * backend the array is marked as changed there, so the device copy is refreshed before ND4J reads it (on the CPU
     * that is a no-op).
     */
    INDArray array() {
        Nd4j.getAffinityManager().tagLocation(array, AffinityManager.Location.HOST);
        return array;
    }

    /** The array in the given type (the input's type when it was neither float32 nor float64). */
    INDArray array(DataType type) {
        INDArray a = array();
        return a.dataType() == type ? a : a.castTo(type);
    }

    void get(int offset, double[] dst, int length) {
        if (floats != null) {
            for (int i = 0; i < length; i++) {
                dst[i] = floats.get(offset + i);
            }
        } else {
            doubles.get(offset, dst, 0, length);
        }
    }

    void put(int offset, double[] src, int length) {
        if (floats != null) {
            for (int i = 0; i < length; i++) {
                floats.put(offset + i, (float) src[i]);
            }
        } else {
            doubles.put(offset, src, 0, length);
        }
    }
}
