package org.erlangen.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Bulk copies out of ND4J arrays. */
class BuffersTest {
    @Test
    void doubleRowsAreTheMatrixRows() {
        var m = Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
        double[][] rows = Buffers.doubleRows(m);
        assertEquals(3, rows.length);
        assertArrayEquals(new double[] {4, 5, 6}, rows[1], 0);
        // a view that skips a row and a column, and a transposed (column-major) matrix
        double[][] view = Buffers.doubleRows(m.get(NDArrayIndex.interval(1, 3), NDArrayIndex.interval(0, 2)));
        assertArrayEquals(new double[][] {{4, 5}, {7, 8}}, view);
        assertArrayEquals(new double[][] {{1, 4, 7}, {2, 5, 8}, {3, 6, 9}}, Buffers.doubleRows(m.transpose()));
        assertEquals(0, Buffers.doubleRows(Nd4j.create(DataType.FLOAT, 0, 4)).length);
        assertThrows(IllegalArgumentException.class, () -> Buffers.doubleRows(Nd4j.create(2, 2, 2)));
    }
}
