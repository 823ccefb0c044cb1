package org.erlangen.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.erlangen.graph.sampling.FeatureRows;
import org.erlangen.kernels.Buffers;
import org.erlangen.tensor.Reductions;
import org.erlangen.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A constant's rows read on the heap in place give what its array gives, bit for bit, forward and backward. */
class HeapValuesTest {
    private static float[] random(Random rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextFloat() * 2 - 1;
        }
        return v;
    }

    @Test
    void anAggregationOfHeapRowsEqualsThatOfTheArray() {
        Random rng = new Random(3);
        int rows = 40;
        int cols = 300;
        int width = 24;
        int entries = 900;
        int[] r = new int[entries];
        int[] c = new int[entries];
        for (int k = 0; k < entries; k++) {
            r[k] = rng.nextInt(rows);
            c[k] = rng.nextInt(cols);
        }
        Csr csr = Csr.fromCoo(r, c, rows, cols).csr();
        float[] values = random(rng, cols * width);
        INDArray weightValues = Nd4j.createFromArray(random(rng, entries));
        INDArray biasValues = Nd4j.createFromArray(random(rng, width));

        Tensor plain = Tensor.constant(Buffers.of(values.clone(), cols, width));
        Tensor heap = Tensor.constant(Buffers.of(values, cols, width), values);
        Tensor[] weights = {Tensor.parameter(weightValues.dup()), Tensor.parameter(weightValues.dup())};
        Tensor[] bias = {Tensor.parameter(biasValues.dup()), Tensor.parameter(biasValues.dup())};
        Tensor a = Sparse.spmm(csr, weights[0], plain, bias[0]);
        Tensor b = Sparse.spmm(csr, weights[1], heap, bias[1]);
        assertArrayEquals(Buffers.floats(a.data()), Buffers.floats(b.data()));
        Reductions.sum(a).backward();
        Reductions.sum(b).backward();
        assertArrayEquals(Buffers.floats(weights[0].grad()), Buffers.floats(weights[1].grad()));
        assertArrayEquals(Buffers.floats(bias[0].grad()), Buffers.floats(bias[1].grad()));
        assertArrayEquals(Buffers.floats(plain.data()), values, "the heap rows are read, not written");
    }

    @Test
    void gatheredFloatRowsKeepTheirHeapValuesAndOthersAreRefused() {
        float[] matrix = random(new Random(5), 6 * 4);
        Tensor t = FeatureRows.gather(matrix, 4, new int[] {5, 0, 2}).tensor();
        float[] expected = new float[12];
        System.arraycopy(matrix, 20, expected, 0, 4);
        System.arraycopy(matrix, 0, expected, 4, 4);
        System.arraycopy(matrix, 8, expected, 8, 4);
        assertArrayEquals(expected, t.heapValues());
        assertArrayEquals(expected, Buffers.floats(t.data()));
        assertNull(FeatureRows.gather(new double[8], 4, new int[] {1}).tensor().heapValues(), "doubles stay off it");
        float[] three = new float[3];
        assertSame(three, Tensor.constant(Nd4j.create(DataType.FLOAT, 3), three).heapValues());
        assertThrows(IllegalArgumentException.class, () -> Tensor.constant(Nd4j.create(DataType.FLOAT, 4), three));
        assertThrows(IllegalArgumentException.class, () -> Tensor.constant(Nd4j.create(DataType.DOUBLE, 3), three));
    }
}
