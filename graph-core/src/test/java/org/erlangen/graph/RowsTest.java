package org.erlangen.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The concatenation a GPU backend takes (one ND4J op) stacks the same rows as the copies through Java arrays. */
class RowsTest {
    @Test
    void concatenationOnTheDeviceEqualsTheHostCopies() {
        for (DataType dtype : new DataType[] {DataType.FLOAT, DataType.DOUBLE, DataType.LONG}) {
            List<INDArray> parts = List.of(Nd4j.rand(DataType.DOUBLE, 3, 2).muli(100).castTo(dtype),
                    Nd4j.create(dtype, 0, 2), Nd4j.rand(DataType.DOUBLE, 1, 2).muli(100).castTo(dtype),
                    Nd4j.rand(DataType.DOUBLE, 4, 2).muli(100).castTo(dtype));
            long[] shape = {8, 2};
            INDArray host = Rows.concat(parts, dtype, shape);
            assertEquals(host, Rows.concatOnDevice(parts, dtype, shape), dtype.toString());
            assertEquals(parts.get(3).getRow(2), host.getRow(6), dtype.toString());
        }
    }
}
