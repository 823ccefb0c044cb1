package org.erlangen.gnn.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.erlangen.sparse.Csr;
import org.erlangen.sparse.Segments;
import org.erlangen.sparse.Sparse;
import org.erlangen.sparse.SparseBackend;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The per-head dot products the attention scores are made of ({@link Sparse#edgeDot}) on a pattern of queries and
 * keys, and the shape checks of {@link Attention#weights}, which names the queries and keys.
 */
class EdgeDotTest {
    // an irregular pattern: 4 queries, 5 keys, one query without keys, a key used twice in a row
    private static final Csr PATTERN = new Csr(Segments.ofPointers(new int[] {0, 3, 3, 5, 8}),
            new int[] {4, 0, 2, 1, 1, 3, 0, 4}, 5);

    @ParameterizedTest
    @EnumSource(SparseBackend.class)
    void matchesPerHeadDotProductsOfEachEntry(SparseBackend backend) {
        try (var scope = SparseBackend.use(backend)) {
            Random rng = new Random(1);
            INDArray q = GradCheck.uniform(rng, -1, 1, 4, 6);
            INDArray k = GradCheck.uniform(rng, -1, 1, 5, 6);
            INDArray out = Sparse.edgeDot(PATTERN, Tensor.constant(q), Tensor.constant(k), 3).data();
            assertEquals(java.util.List.of(8L, 3L), java.util.List.of(out.size(0), out.size(1)));
            int[] rows = PATTERN.rowOfEntries();
            for (int e = 0; e < 8; e++) {
                for (int h = 0; h < 3; h++) {
                    double expected = 0;
                    for (int c = 2 * h; c < 2 * h + 2; c++) {
                        expected += q.getDouble(rows[e], c) * k.getDouble(PATTERN.col(e), c);
                    }
                    assertEquals(expected, out.getDouble(e, h), 1e-14, "entry " + e + " head " + h);
                }
            }
        }
    }

    @Test
    void float32InputsGiveFloat32ScoresCloseToFloat64() {
        Random rng = new Random(2);
        INDArray q = GradCheck.uniform(rng, -1, 1, 4, 4);
        INDArray k = GradCheck.uniform(rng, -1, 1, 5, 4);
        INDArray d = Sparse.edgeDot(PATTERN, Tensor.constant(q), Tensor.constant(k), 2).data();
        INDArray f = Sparse.edgeDot(PATTERN, Tensor.constant(q.castTo(DataType.FLOAT)),
                Tensor.constant(k.castTo(DataType.FLOAT)), 2).data();
        assertEquals(DataType.FLOAT, f.dataType());
        assertTrue(d.castTo(DataType.FLOAT).equalsWithEps(f, 1e-6));
    }

    /** Embeddings dotted with themselves (link scores) read one copy of them; float against float64. */
    @Test
    void rowsDottedWithTheirOwnArrayMatchFloat64() {
        Csr square = new Csr(Segments.ofPointers(new int[] {0, 3, 3, 5, 8, 9}), new int[] {4, 0, 2, 1, 1, 3, 0, 4, 4},
                5);
        INDArray x = GradCheck.uniform(new Random(3), -1, 1, 5, 6);
        Tensor f = Tensor.constant(x.castTo(DataType.FLOAT));
        INDArray d = Sparse.edgeDot(square, Tensor.constant(x), Tensor.constant(x), 2).data();
        for (int round = 0; round < 3; round++) { // scratch arrays reused from call to call
            INDArray got = Sparse.edgeDot(square, f, f, 2).data();
            assertEquals(DataType.FLOAT, got.dataType());
            assertTrue(d.castTo(DataType.FLOAT).equalsWithEps(got, 1e-6), "round " + round + ": " + got);
        }
    }

    @ParameterizedTest
    @EnumSource(SparseBackend.class)
    void gradientsOfQueriesAndKeysMatchFiniteDifferences(SparseBackend backend) {
        try (var scope = SparseBackend.use(backend)) {
            Random rng = new Random(3);
            GradCheck.check(in -> Sparse.edgeDot(PATTERN, in.get(0), in.get(1), 2),
                    GradCheck.uniform(rng, -1, 1, 4, 6), GradCheck.uniform(rng, -1, 1, 5, 6));
            GradCheck.check(in -> Sparse.edgeDot(PATTERN, in.get(0), in.get(1), 1),
                    GradCheck.uniform(rng, -1, 1, 4, 3), GradCheck.uniform(rng, -1, 1, 5, 3));
        }
    }

    @Test
    void refusesShapesThatDoNotFit() {
        Tensor q = Tensor.constant(GradCheck.uniform(new Random(4), -1, 1, 4, 6));
        Tensor k = Tensor.constant(GradCheck.uniform(new Random(5), -1, 1, 5, 6));
        var heads = assertThrows(IllegalArgumentException.class, () -> Attention.weights(q, k, PATTERN, 4));
        assertTrue(heads.getMessage().contains("4 heads"), heads.getMessage());
        var rows = assertThrows(IllegalArgumentException.class, () -> Attention.weights(k, k, PATTERN, 2));
        assertTrue(rows.getMessage().contains("4 queries"), rows.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Sparse.edgeDot(PATTERN, q, k, 4));
        assertThrows(IllegalArgumentException.class, () -> Sparse.edgeDot(PATTERN, k, k, 2));
    }
}
