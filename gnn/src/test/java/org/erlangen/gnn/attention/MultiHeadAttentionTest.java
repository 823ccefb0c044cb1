package org.erlangen.gnn.attention;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.erlangen.gnn.testing.Batches;
import org.erlangen.gnn.testing.DenseAttention;
import org.erlangen.sparse.Segments;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.GradCheck;
import org.erlangen.testing.Permutations;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class MultiHeadAttentionTest {
    private static INDArray param(MultiHeadAttention m, String name) {
        return m.namedParameters().get(name).data();
    }

    private static INDArray affine(INDArray x, MultiHeadAttention m, String lin) {
        return x.mmul(param(m, lin + ".weight")).addRowVector(param(m, lin + ".bias"));
    }

    @Test
    void matchesProjectionsAroundDenseAttention() {
        Random rng = new Random(1);
        Segments sets = Segments.ofSizes(new int[] {2, 3});
        MultiHeadAttention mha = new MultiHeadAttention(3, 5, 4, 2, new Random(2), DataType.DOUBLE);
        for (Tensor p : mha.parameters()) {
            p.data().assign(GradCheck.uniform(rng, -1, 1, p.shape()));
        }
        INDArray queries = GradCheck.uniform(rng, -1, 1, 4, 3); // two seeds per set
        INDArray keys = GradCheck.uniform(rng, -1, 1, 5, 5);
        AttentionPatterns p = AttentionPatterns.of(sets);
        INDArray out = mha.forward(Tensor.constant(queries), Tensor.constant(keys), p.seedsToElements(2)).data();
        INDArray attended = DenseAttention.attend(affine(queries, mha, "query"), keys.mmul(param(mha, "key.weight")),
                affine(keys, mha, "value"), p.seeds(2), sets, 2);
        assertTrue(affine(attended, mha, "out").equalsWithEps(out, 1e-12));
    }

    @Test
    void selfAttentionIsEquivariantToReorderingWithinSets() {
        for (DataType dtype : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            double tolerance = dtype == DataType.FLOAT ? 1e-5 : 1e-10;
            Random rng = new Random(3);
            Segments sets = Segments.ofSizes(new int[] {4, 1, 5});
            MultiHeadAttention mha = new MultiHeadAttention(3, 3, 6, 3, new Random(4), dtype);
            INDArray x = GradCheck.uniform(rng, -1, 1, 10, 3).castTo(dtype);
            int[] perm = Batches.withinSets(sets, rng);
            AttentionPatterns p = AttentionPatterns.of(sets);
            INDArray y = mha.forward(Tensor.constant(x), Tensor.constant(x), p.within()).data();
            INDArray xp = Permutations.rows(x, perm);
            INDArray yp = mha.forward(Tensor.constant(xp), Tensor.constant(xp), p.within()).data();
            assertTrue(Permutations.rows(y, perm).equalsWithEps(yp, tolerance), "not equivariant in " + dtype);
        }
    }

    @Test
    void gradientsOfParametersAndInputsMatchFiniteDifferences() {
        Random rng = new Random(5);
        AttentionPatterns p = AttentionPatterns.of(Segments.ofSizes(new int[] {3, 2}));
        MultiHeadAttention mha = new MultiHeadAttention(3, 3, 4, 2, new Random(6), DataType.DOUBLE);
        for (Tensor t : mha.parameters()) {
            t.data().assign(GradCheck.uniform(rng, -1, 1, t.shape()));
        }
        Tensor x = Tensor.constant(GradCheck.uniform(rng, -1, 1, 5, 3));
        GradCheck.checkParameters(mha, () -> mha.forward(x, x, p.within()));
        GradCheck.check(in -> mha.forward(in.get(0), in.get(1), p.within()), x.data(),
                GradCheck.uniform(rng, -1, 1, 5, 3));
    }

    @Test
    void refusesWidthThatDoesNotSplitIntoHeads() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new MultiHeadAttention(3, 3, 5, 2, new Random(7), DataType.DOUBLE));
        assertTrue(e.getMessage().contains("5"), e.getMessage());
    }
}
