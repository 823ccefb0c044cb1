package org.erlangen.gnn.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.erlangen.gnn.testing.Batches;
import org.erlangen.sparse.Segments;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.BatchPermutations;
import org.erlangen.testing.Case;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GradCheck;
import org.erlangen.testing.Rows;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class Set2SetTest {
    private static final Segments GRAPHS = Segments.ofSizes(new int[] {3, 1, 4});

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** One LSTM step written out with loops, PyTorch's gate order i, f, g, o. */
    private static double[][] lstmStep(LstmCell cell, double[] x, double[] h, double[] c) {
        INDArray wih = cell.namedParameters().get("ih.weight").data();
        INDArray bih = cell.namedParameters().get("ih.bias").data();
        INDArray whh = cell.namedParameters().get("hh.weight").data();
        INDArray bhh = cell.namedParameters().get("hh.bias").data();
        int hidden = h.length;
        double[] gates = new double[4 * hidden];
        for (int j = 0; j < 4 * hidden; j++) {
            gates[j] = bih.getDouble(j) + bhh.getDouble(j);
            for (int i = 0; i < x.length; i++) {
                gates[j] += x[i] * wih.getDouble(i, j);
            }
            for (int i = 0; i < hidden; i++) {
                gates[j] += h[i] * whh.getDouble(i, j);
            }
        }
        double[] h2 = new double[hidden];
        double[] c2 = new double[hidden];
        for (int j = 0; j < hidden; j++) {
            c2[j] = sigmoid(gates[hidden + j]) * c[j] + sigmoid(gates[j]) * Math.tanh(gates[2 * hidden + j]);
            h2[j] = sigmoid(gates[3 * hidden + j]) * Math.tanh(c2[j]);
        }
        return new double[][] {h2, c2};
    }

    /** Set2Set for one graph (rows from..to of x) with plain loops. */
    private static double[] handSet2Set(Set2Set s2s, LstmCell cell, INDArray x, int from, int to, int steps) {
        int f = (int) x.size(1);
        double[] qStar = new double[2 * f];
        double[] h = new double[f];
        double[] c = new double[f];
        for (int t = 0; t < steps; t++) {
            double[][] hc = lstmStep(cell, qStar, h, c);
            h = hc[0];
            c = hc[1];
            double[] e = new double[to - from];
            double z = 0;
            for (int i = from; i < to; i++) {
                for (int j = 0; j < f; j++) {
                    e[i - from] += x.getDouble(i, j) * h[j];
                }
            }
            double max = java.util.Arrays.stream(e).max().orElse(0);
            for (int i = 0; i < e.length; i++) {
                e[i] = Math.exp(e[i] - max);
                z += e[i];
            }
            double[] r = new double[f];
            for (int i = from; i < to; i++) {
                for (int j = 0; j < f; j++) {
                    r[j] += e[i - from] / z * x.getDouble(i, j);
                }
            }
            System.arraycopy(h, 0, qStar, 0, f);
            System.arraycopy(r, 0, qStar, f, f);
        }
        return qStar;
    }

    @Test
    void matchesAHandLoopForOneAndThreeSteps() {
        INDArray x = GradCheck.uniform(new Random(1), -1, 1, 8, 3);
        for (int steps : new int[] {1, 3}) {
            Set2Set s2s = new Set2Set(3, steps, new Random(2), DataType.DOUBLE);
            LstmCell cell = (LstmCell) s2s.children().get("lstm");
            INDArray out = s2s.forward(Tensor.constant(x), GRAPHS).data();
            assertEquals(List.of(3L, 6L), List.of(out.size(0), out.size(1)));
            for (int b = 0; b < GRAPHS.count(); b++) {
                double[] expected = handSet2Set(s2s, cell, x, GRAPHS.start(b), GRAPHS.end(b), steps);
                for (int j = 0; j < 6; j++) {
                    assertEquals(expected[j], out.getDouble(b, j), 1e-12, steps + " steps, graph " + b + ", " + j);
                }
            }
        }
    }

    @Test
    void lstmCellMatchesItsFormulaFromAnyState() {
        LstmCell cell = new LstmCell(2, 3, new Random(3), DataType.DOUBLE);
        Random rng = new Random(4);
        INDArray x = GradCheck.uniform(rng, -1, 1, 1, 2);
        INDArray h = GradCheck.uniform(rng, -1, 1, 1, 3);
        INDArray c = GradCheck.uniform(rng, -1, 1, 1, 3);
        LstmCell.State next = cell.forward(Tensor.constant(x), new LstmCell.State(Tensor.constant(h),
                Tensor.constant(c)));
        double[][] expected = lstmStep(cell, x.toDoubleVector(), h.toDoubleVector(), c.toDoubleVector());
        for (int j = 0; j < 3; j++) {
            assertEquals(expected[0][j], next.h().data().getDouble(0, j), 1e-12);
            assertEquals(expected[1][j], next.c().data().getDouble(0, j), 1e-12);
        }
        GradCheck.checkParameters(cell, () -> {
            LstmCell.State s = cell.forward(Tensor.constant(x), new LstmCell.State(Tensor.constant(h),
                    Tensor.constant(c)));
            return Shapes.concat(1, s.h(), s.c());
        });
        GradCheck.check(in -> {
            LstmCell.State s = cell.forward(in.get(0), new LstmCell.State(in.get(1), in.get(2)));
            return Shapes.concat(1, s.h(), s.c());
        }, x, h, c);
    }

    @Test
    void graphOutputsDoNotDependOnTheOrderOfNodesAndFollowTheGraphs() {
        Equivariance.assertEquivariant(BatchPermutations.graphsAndNodes(Rows.GRAPHS), dtype -> {
            Set2Set s2s = new Set2Set(4, 3, new Random(7), dtype);
            return Case.of(Batches.random(new int[] {5, 1, 7}, 4, 5, dtype),
                    b -> s2s.forward(Tensor.constant(b.graph().nodeFeatures()), b));
        });
    }

    @Test
    void gradientsOfParametersAndInputMatchFiniteDifferences() {
        // three steps, so the LSTM's input and recurrent weights both matter (at step one q* and h are zero)
        Set2Set s2s = new Set2Set(2, 3, new Random(8), DataType.DOUBLE);
        INDArray x = GradCheck.uniform(new Random(9), -1, 1, 5, 2);
        Segments graphs = Segments.ofSizes(new int[] {3, 2});
        GradCheck.checkParameters(s2s, () -> s2s.forward(Tensor.constant(x), graphs));
        GradCheck.check(in -> s2s.forward(in.get(0), graphs), x);
    }

    @Test
    void refusesInputOfTheWrongWidth() {
        Set2Set s2s = new Set2Set(3, 2, new Random(10), DataType.DOUBLE);
        var e = assertThrows(IllegalArgumentException.class, () -> s2s.forward(
                Tensor.constant(GradCheck.uniform(new Random(11), -1, 1, 8, 4)), GRAPHS));
        assertTrue(e.getMessage().contains("[N, 3]"), e.getMessage());
    }
}
