package org.erlangen.gnn.attention;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.erlangen.gnn.testing.DenseAttention;
import org.erlangen.sparse.Segments;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.Case;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GradCheck;
import org.erlangen.testing.SetBatch;
import org.erlangen.testing.SetPermutations;
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
        Equivariance.assertEquivariant(SetPermutations.withinSets(), dtype -> {
            MultiHeadAttention mha = new MultiHeadAttention(3, 3, 6, 3, new Random(4), dtype);
            Segments sets = Segments.ofSizes(new int[] {4, 1, 5});
            INDArray x = GradCheck.uniform(new Random(3), -1, 1, 10, 3).castTo(dtype);
            return Case.of(new SetBatch(x, sets), s -> mha.forward(Tensor.constant(s.elements()),
                    Tensor.constant(s.elements()), AttentionPatterns.of(s.sets()).within()));
        });
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
