package org.erlangen.gnn.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.nd4j.linalg.indexing.NDArrayIndex;

class AttentionTest {
    private static final Segments SETS = Segments.ofSizes(new int[] {3, 1, 4, 0, 2});

    @Test
    void selfAttentionMatchesDenseSoftmaxPerSetAndHead() {
        Random rng = new Random(1);
        INDArray q = GradCheck.uniform(rng, -2, 2, 10, 6);
        INDArray k = GradCheck.uniform(rng, -2, 2, 10, 6);
        INDArray v = GradCheck.uniform(rng, -1, 1, 10, 6);
        AttentionPatterns p = AttentionPatterns.of(SETS);
        for (int heads : new int[] {1, 2, 3}) {
            INDArray out = Attention.attend(Tensor.constant(q), Tensor.constant(k), Tensor.constant(v), p.within(),
                    heads).data();
            INDArray expected = DenseAttention.attend(q, k, v, SETS, SETS, heads);
            assertTrue(expected.equalsWithEps(out, 1e-12), heads + " heads: " + out + "\nexpected\n" + expected);
        }
    }

    @Test
    void seedsAttendingToSetsMatchDenseAndEmptySetsGiveZeros() {
        Random rng = new Random(2);
        AttentionPatterns p = AttentionPatterns.of(SETS);
        INDArray seeds = GradCheck.uniform(rng, -2, 2, 10, 4); // 2 seeds for each of the 5 sets
        INDArray k = GradCheck.uniform(rng, -2, 2, 10, 4);
        INDArray v = GradCheck.uniform(rng, -1, 1, 10, 4);
        INDArray out = Attention.attend(Tensor.constant(seeds), Tensor.constant(k), Tensor.constant(v),
                p.seedsToElements(2), 2).data();
        assertTrue(DenseAttention.attend(seeds, k, v, p.seeds(2), SETS, 2).equalsWithEps(out, 1e-12));
        assertEquals(0.0, out.getRow(6).norm2Number().doubleValue(), 0.0, "seeds of the empty set 3");
        assertEquals(0.0, out.getRow(7).norm2Number().doubleValue(), 0.0);
    }

    @Test
    void weightsOfEachQueryAndHeadSumToOne() {
        Random rng = new Random(3);
        AttentionPatterns p = AttentionPatterns.of(SETS);
        INDArray w = Attention.weights(Tensor.constant(GradCheck.uniform(rng, -3, 3, 10, 6)),
                Tensor.constant(GradCheck.uniform(rng, -3, 3, 10, 6)), p.within(), 3).data();
        Segments rows = p.within().rows();
        for (int i = 0; i < rows.count(); i++) {
            for (int h = 0; h < 3; h++) {
                double sum = 0;
                for (int e = rows.start(i); e < rows.end(i); e++) {
                    assertTrue(w.getDouble(e, h) > 0);
                    sum += w.getDouble(e, h);
                }
                assertEquals(1.0, sum, 1e-12);
            }
        }
    }

    /** Queries, keys and values of every element side by side, in {@code dtype}. */
    private static SetBatch elements(DataType dtype) {
        return new SetBatch(GradCheck.uniform(new Random(5), -2, 2, 10, 12).castTo(dtype), SETS);
    }

    private static Tensor columns(SetBatch s, int from) {
        return Tensor.constant(s.elements().get(NDArrayIndex.all(), NDArrayIndex.interval(from, from + 4)).dup());
    }

    @Test
    void selfAttentionFollowsItsElementsAndSeedsDoNotSeeTheirOrder() {
        Equivariance.assertEquivariant(SetPermutations.withinSets(), dtype -> Case.of(elements(dtype),
                s -> Attention.attend(columns(s, 0), columns(s, 4), columns(s, 8),
                        AttentionPatterns.of(s.sets()).within(), 2)));
        Equivariance.assertInvariant(SetPermutations.withinSets(), dtype -> {
            Tensor seeds = Tensor.constant(GradCheck.uniform(new Random(6), -2, 2, 10, 4).castTo(dtype));
            return Case.of(elements(dtype), s -> Attention.attend(seeds, columns(s, 4), columns(s, 8),
                    AttentionPatterns.of(s.sets()).seedsToElements(2), 2));
        });
    }

    @Test
    void gradientsOfQueriesKeysAndValuesMatchFiniteDifferences() {
        Random rng = new Random(4);
        AttentionPatterns p = AttentionPatterns.of(Segments.ofSizes(new int[] {3, 1, 2}));
        GradCheck.check(in -> Attention.attend(in.get(0), in.get(1), in.get(2), p.within(), 2),
                GradCheck.uniform(rng, -1, 1, 6, 4), GradCheck.uniform(rng, -1, 1, 6, 4),
                GradCheck.uniform(rng, -1, 1, 6, 4));
        GradCheck.check(in -> Attention.attend(in.get(0), in.get(1), in.get(2), p.seedsToElements(2), 1),
                GradCheck.uniform(rng, -1, 1, 6, 3), GradCheck.uniform(rng, -1, 1, 6, 3),
                GradCheck.uniform(rng, -1, 1, 6, 3));
    }
}
