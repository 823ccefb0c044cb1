package org.erlangen.gnn.sets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.erlangen.gnn.attention.AttentionPatterns;
import org.erlangen.gnn.testing.DenseAttention;
import org.erlangen.nn.Module;
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
import org.nd4j.linalg.ops.transforms.Transforms;

/** MAB, SAB, ISAB and PMA: the block formula, symmetry in both float types, and gradients. */
class SetTransformerTest {
    private static final Segments SETS = Segments.ofSizes(new int[] {4, 1, 3, 5});

    /** Random parameters; feed-forward biases positive so that some ReLUs are on and every weight matters. */
    private static void randomise(Module m, Random rng) {
        for (var e : m.namedParameters().entrySet()) {
            Tensor p = e.getValue();
            double lo = e.getKey().endsWith("feedForward.bias") ? 0.2 : -1;
            p.data().assign(GradCheck.uniform(rng, lo, 1, p.shape()).castTo(p.dtype()));
        }
    }

    private static INDArray p(Module m, String name) {
        return m.namedParameters().get(name).data();
    }

    @Test
    void mabMatchesResidualsAndLayerNormsAroundDenseAttention() {
        Random rng = new Random(1);
        MAB mab = new MAB(3, 2, 4, 2, new Random(2), DataType.DOUBLE);
        randomise(mab, rng);
        AttentionPatterns patterns = AttentionPatterns.of(SETS);
        INDArray x = GradCheck.uniform(rng, -1, 1, 8, 3); // two queries per set
        INDArray y = GradCheck.uniform(rng, -1, 1, 13, 2);
        INDArray out = mab.forward(Tensor.constant(x), Tensor.constant(y), patterns.seedsToElements(2)).data();

        INDArray q = x.mmul(p(mab, "query.weight")).addRowVector(p(mab, "query.bias"));
        INDArray k = y.mmul(p(mab, "key.weight"));
        INDArray v = y.mmul(p(mab, "value.weight")).addRowVector(p(mab, "value.bias"));
        INDArray h = DenseAttention.layerNorm(q.add(DenseAttention.attend(q, k, v, patterns.seeds(2), SETS, 2)),
                p(mab, "norm0.weight"), p(mab, "norm0.bias"));
        INDArray ff = Transforms.relu(h.mmul(p(mab, "feedForward.weight")).addRowVector(p(mab, "feedForward.bias")));
        INDArray expected = DenseAttention.layerNorm(h.add(ff), p(mab, "norm1.weight"), p(mab, "norm1.bias"));
        assertTrue(expected.equalsWithEps(out, 1e-12), out + "\nexpected\n" + expected);
    }

    private static SetBatch elements(DataType dtype) {
        return new SetBatch(GradCheck.uniform(new Random(3), -1, 1, 13, 3).castTo(dtype), SETS);
    }

    private static Tensor x(SetBatch s) {
        return Tensor.constant(s.elements());
    }

    @Test
    void sabAndIsabAreEquivariantWithinSetsAndPmaIsInvariant() {
        Equivariance.assertEquivariant(SetPermutations.withinSets(), dtype -> {
            SAB sab = new SAB(3, 4, 2, new Random(4), dtype);
            return Case.of(elements(dtype), s -> sab.forward(x(s), AttentionPatterns.of(s.sets()))).named("SAB");
        });
        Equivariance.assertEquivariant(SetPermutations.withinSets(), dtype -> {
            ISAB isab = new ISAB(3, 4, 2, 3, new Random(5), dtype);
            return Case.of(elements(dtype), s -> isab.forward(x(s), AttentionPatterns.of(s.sets()))).named("ISAB");
        });
        Equivariance.assertInvariant(SetPermutations.withinSets(), dtype -> {
            SAB sab = new SAB(3, 4, 2, new Random(4), dtype);
            PMA pma = new PMA(4, 2, 2, new Random(6), dtype);
            return Case.of(elements(dtype), s -> {
                AttentionPatterns patterns = AttentionPatterns.of(s.sets());
                return pma.forward(sab.forward(x(s), patterns), patterns);
            }).named("PMA after SAB");
        });
        INDArray pooled = new PMA(4, 2, 2, new Random(6), DataType.DOUBLE).forward(
                Tensor.constant(GradCheck.uniform(new Random(7), -1, 1, 13, 4)), AttentionPatterns.of(SETS)).data();
        assertEquals(List.of(8L, 4L), List.of(pooled.size(0), pooled.size(1)), "two seeds for each of four sets");
    }

    @Test
    void setsDoNotSeeEachOther() {
        Random rng = new Random(7);
        ISAB isab = new ISAB(3, 4, 2, 2, new Random(8), DataType.DOUBLE);
        AttentionPatterns patterns = AttentionPatterns.of(SETS);
        INDArray x = GradCheck.uniform(rng, -1, 1, 13, 3);
        INDArray changed = x.dup();
        changed.getRow(12).addi(1.0); // last element of the last set
        INDArray a = isab.forward(Tensor.constant(x), patterns).data();
        INDArray b = isab.forward(Tensor.constant(changed), patterns).data();
        for (int i = 0; i < 13; i++) {
            boolean same = a.getRow(i).equalsWithEps(b.getRow(i), 1e-12);
            assertEquals(i < 8, same, "row " + i);
        }
    }

    @Test
    void gradientsOfParametersAndInputsMatchFiniteDifferences() {
        Random rng = new Random(9);
        // width 3 with one head keeps the number of parameters, and so of forward passes, small
        Segments sets = Segments.ofSizes(new int[] {3, 2});
        AttentionPatterns patterns = AttentionPatterns.of(sets);
        Tensor x = Tensor.constant(GradCheck.uniform(rng, -1, 1, 5, 2));
        SAB sab = new SAB(2, 3, 1, new Random(10), DataType.DOUBLE);
        ISAB isab = new ISAB(2, 3, 1, 2, new Random(11), DataType.DOUBLE);
        PMA pma = new PMA(3, 1, 2, new Random(12), DataType.DOUBLE);
        for (Module m : List.of(sab, isab, pma)) {
            randomise(m, rng);
        }
        Tensor z = Tensor.constant(GradCheck.uniform(rng, -1, 1, 5, 3));
        GradCheck.checkParameters(sab, () -> sab.forward(x, patterns));
        GradCheck.checkParameters(isab, () -> isab.forward(x, patterns));
        GradCheck.checkParameters(pma, () -> pma.forward(z, patterns));
        SAB sab2 = new SAB(2, 4, 2, new Random(13), DataType.DOUBLE);
        ISAB isab2 = new ISAB(2, 4, 2, 3, new Random(14), DataType.DOUBLE);
        PMA pma2 = new PMA(4, 2, 2, new Random(15), DataType.DOUBLE);
        GradCheck.check(in -> sab2.forward(in.get(0), patterns), x.data());
        GradCheck.check(in -> isab2.forward(in.get(0), patterns), x.data());
        GradCheck.check(in -> pma2.forward(in.get(0), patterns), GradCheck.uniform(rng, -1, 1, 5, 4));
    }
}
