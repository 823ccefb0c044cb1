package org.erlangen.gnn.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.erlangen.gnn.testing.Batches;
import org.erlangen.sparse.Segments;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.BatchPermutations;
import org.erlangen.testing.Case;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GradCheck;
import org.erlangen.testing.Rows;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class GlobalPoolTest {
    private static final Segments GRAPHS = Segments.ofSizes(new int[] {3, 0, 1, 4});

    @Test
    void sumMeanAndMaxMatchLoopsOverEachGraph() {
        INDArray x = GradCheck.distinct(new Random(1), 8, 3);
        INDArray sum = GlobalPool.SUM.apply(Tensor.constant(x), GRAPHS).data();
        INDArray mean = GlobalPool.MEAN.apply(Tensor.constant(x), GRAPHS).data();
        INDArray max = GlobalPool.MAX.apply(Tensor.constant(x), GRAPHS).data();
        for (int b = 0; b < GRAPHS.count(); b++) {
            for (int f = 0; f < 3; f++) {
                double s = 0;
                double m = Double.NEGATIVE_INFINITY;
                for (int i = GRAPHS.start(b); i < GRAPHS.end(b); i++) {
                    s += x.getDouble(i, f);
                    m = Math.max(m, x.getDouble(i, f));
                }
                int n = GRAPHS.size(b);
                assertEquals(s, sum.getDouble(b, f), 1e-12);
                assertEquals(n == 0 ? 0 : s / n, mean.getDouble(b, f), 1e-12);
                assertEquals(n == 0 ? 0 : m, max.getDouble(b, f), 1e-12, "an empty graph reads out zeros");
            }
        }
    }

    @Test
    void graphOutputsDoNotDependOnTheOrderOfNodesAndFollowTheGraphs() {
        for (GlobalPool pool : GlobalPool.values()) {
            Equivariance.assertEquivariant(BatchPermutations.graphsAndNodes(Rows.GRAPHS), dtype -> Case.of(
                    Batches.random(new int[] {6, 1, 9, 4}, 5, 2, dtype),
                    b -> pool.apply(Tensor.constant(b.graph().nodeFeatures()), b)).named(pool.toString()));
        }
    }

    @Test
    void gradientsOfTheInputMatchFiniteDifferences() {
        for (GlobalPool pool : GlobalPool.values()) {
            GradCheck.check(in -> pool.apply(in.get(0), GRAPHS), GradCheck.distinct(new Random(4), 8, 3));
        }
    }

    @Test
    void parsesNamesAndNamesTheChoicesOnError() {
        assertEquals(GlobalPool.MEAN, GlobalPool.of(" Mean "));
        var e = assertThrows(IllegalArgumentException.class, () -> GlobalPool.of("median"));
        assertTrue(e.getMessage().contains("sum, mean or max"), e.getMessage());
    }
}
