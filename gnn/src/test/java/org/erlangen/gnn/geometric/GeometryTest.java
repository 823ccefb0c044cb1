package org.erlangen.gnn.geometric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.erlangen.graph.Graph;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GeometryTest {
    @Test
    void gaussianBasisMatchesItsFormula() {
        GaussianRbf rbf = new GaussianRbf(0.0, 5.0, 6);
        assertEquals(0.5, rbf.gamma(), 1e-15); // spacing 1
        double[] d = {0.3, 1.7, 4.9};
        INDArray out = rbf.expand(Tensor.constant(Nd4j.createFromArray(d).reshape(3, 1))).data();
        assertArrayEquals(new long[] {3, 6}, out.shape());
        for (int e = 0; e < 3; e++) {
            for (int k = 0; k < 6; k++) {
                assertEquals(Math.exp(-0.5 * (d[e] - k) * (d[e] - k)), out.getDouble(e, k), 1e-15);
            }
        }
    }

    @Test
    void cosineCutoffIsOneAtZeroAndVanishesFromTheRadiusOn() {
        CosineCutoff cut = new CosineCutoff(4.0);
        double[] d = {0.0, 1.0, 2.0, 3.999, 4.0, 6.0};
        INDArray out = cut.apply(Tensor.constant(Nd4j.createFromArray(d).reshape(6, 1))).data();
        for (int i = 0; i < d.length; i++) {
            double expected = d[i] < 4.0 ? 0.5 * (Math.cos(Math.PI * d[i] / 4.0) + 1) : 0.0;
            assertEquals(expected, out.getDouble(i), 1e-15, "cutoff at " + d[i]);
        }
        assertEquals(1.0, out.getDouble(0), 1e-15);
        assertEquals(0.5, out.getDouble(2), 1e-15);
    }

    @Test
    void basisCutoffAndDistancesHaveExactGradientsInFloat64() {
        Random random = new Random(1);
        INDArray d = GradCheck.uniform(random, 0.2, 3.8, 7, 1);
        GradCheck.check(in -> new GaussianRbf(0.0, 4.0, 5).expand(in.get(0)), d);
        GradCheck.check(in -> new CosineCutoff(4.0).apply(in.get(0)), d);
        Graph g = TestMolecules.graph(TestMolecules.randomPositions(5, 3.0, random), new int[5], 10.0, 0.0,
                DataType.DOUBLE);
        GradCheck.check(in -> EdgeGeometry.of(g, in.get(0)).distances(), g.positions());
        GradCheck.check(in -> EdgeGeometry.of(g, in.get(0)).relative(), g.positions());
    }

    @Test
    void float32AgreesWithFloat64() {
        Random random = new Random(2);
        INDArray d = GradCheck.uniform(random, 0.0, 5.0, 50, 1);
        GaussianRbf rbf = new GaussianRbf(0.0, 5.0, 20);
        CosineCutoff cut = new CosineCutoff(5.0);
        INDArray r64 = rbf.expand(Tensor.constant(d)).data();
        INDArray r32 = rbf.expand(Tensor.constant(d.castTo(DataType.FLOAT))).data();
        assertEquals(DataType.FLOAT, r32.dataType());
        assertTrue(r64.equalsWithEps(r32.castTo(DataType.DOUBLE), 1e-6));
        INDArray c32 = cut.apply(Tensor.constant(d.castTo(DataType.FLOAT))).data();
        assertEquals(DataType.FLOAT, c32.dataType());
        assertTrue(cut.apply(Tensor.constant(d)).data().equalsWithEps(c32.castTo(DataType.DOUBLE), 1e-6));
        // and the float32 backward runs in float32
        Tensor x = Tensor.parameter(d.castTo(DataType.FLOAT));
        rbf.expand(x).sum().backward();
        assertEquals(DataType.FLOAT, x.grad().dataType());
    }

    @Test
    void distancesAndRelativeVectorsPointFromSenderToReceiver() {
        double[][] p = {{0, 0, 0}, {3, 4, 0}};
        Graph g = Graph.builder(2).edges(new int[] {0}, new int[] {1}).positions(Nd4j.createFromArray(p)).build();
        EdgeGeometry geo = EdgeGeometry.of(g);
        assertEquals(5.0, geo.distances().data().getDouble(0), 1e-15);
        assertArrayEquals(new double[] {3, 4, 0}, geo.relative().data().toDoubleVector(), 1e-15);
    }

    @Test
    void radiusGraphHoldsExactlyThePairsWithinTheCutoffBothWays() {
        Random random = new Random(3);
        double[][] p = TestMolecules.randomPositions(12, 4.0, random);
        RadiusGraph.Edges e = RadiusGraph.of(p, 2.5);
        Set<Long> pairs = new HashSet<>();
        for (int k = 0; k < e.count(); k++) {
            assertTrue(pairs.add((long) e.senders()[k] * 100 + e.receivers()[k]), "duplicate edge");
        }
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < p.length; j++) {
                double d = Math.sqrt(Math.pow(p[i][0] - p[j][0], 2) + Math.pow(p[i][1] - p[j][1], 2)
                        + Math.pow(p[i][2] - p[j][2], 2));
                assertEquals(i != j && d < 2.5, pairs.contains((long) j * 100 + i), "pair " + j + " -> " + i);
            }
        }
        assertEquals(12 * 11, RadiusGraph.of(p, Double.POSITIVE_INFINITY).count());
        assertThrows(IllegalArgumentException.class, () -> RadiusGraph.of(new double[][] {{0, 0, Double.NaN}}, 1));
    }

    @Test
    void atomTypesAreReadFromTheNodeFeaturesAndChecked() {
        Graph g = TestMolecules.graph(new double[][] {{0, 0, 0}, {1, 0, 0}}, new int[] {2, 0}, 5, 0,
                DataType.DOUBLE);
        assertArrayEquals(new int[] {2, 0}, AtomTypeIndex.of(g, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AtomTypeIndex.of(g, 2));
        assertTrue(e.getMessage().contains("node 0 has atom type 2.0"), e.getMessage());
        assertArrayEquals(new int[] {1, 0, 1}, AtomTypeIndex.counts(new int[] {2, 0}, 3));
    }
}
