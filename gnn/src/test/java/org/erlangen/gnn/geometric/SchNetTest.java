package org.erlangen.gnn.geometric;

import static org.erlangen.gnn.geometric.TestMolecules.graph;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.Case;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.Euclidean;
import org.erlangen.testing.GradCheck;
import org.erlangen.testing.GraphPermutations;
import org.erlangen.testing.Group;
import org.erlangen.testing.Rows;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class SchNetTest {
    private static final double CUTOFF = 4.0;

    private static double energy(EnergyModel model, double[][] positions, int[] types) {
        Graph g = graph(positions, types, CUTOFF, 0.0, DataType.DOUBLE);
        return model.energy(TestMolecules.batch(g)).data().getDouble(0);
    }

    @Test
    void energyIsInvariantToRotationTranslationAndAtomOrder() {
        TestMolecules.singleThreaded(this::energyIsInvariantToRotationTranslationAndAtomOrderBody);
    }

    private void energyIsInvariantToRotationTranslationAndAtomOrderBody() {
        Random random = new Random(11);
        Map<DataType, SchNet> models = new EnumMap<>(DataType.class);
        for (DataType dtype : List.of(DataType.DOUBLE, DataType.FLOAT)) {
            models.put(dtype, new SchNet(new SchNet.Config(4, 16, 16, 12, 3, CUTOFF), 1, dtype));
        }
        Euclidean.Output energy = Euclidean.Output.SCALARS;
        Group<Graph> motions = Euclidean.rotations(energy).then(Euclidean.translations(energy));
        Group<Graph> atomOrder = GraphPermutations.renumberNodes(Rows.NODES);
        for (int trial = 0; trial < 5; trial++) {
            int n = 6 + trial;
            double[][] p = TestMolecules.randomPositions(n, 3.5, random);
            int[] types = TestMolecules.randomTypes(n, 4, random);
            long seed = trial;
            Function<DataType, Case<Graph>> molecule = dtype -> Case.of(graph(p, types, CUTOFF, 0.0, dtype),
                    g -> models.get(dtype).energy(TestMolecules.batch(g))).withSeed(seed).named("SchNet's energy");
            Equivariance.assertInvariant(motions, molecule);
            Equivariance.assertInvariant(Euclidean.reflections(energy), molecule); // distances know no handedness
            Equivariance.assertInvariant(atomOrder, molecule);
            Equivariance.assertInvariant(atomOrder.then(motions), molecule);
            double e = energy(models.get(DataType.DOUBLE), p, types);
            assertTrue(Math.abs(e) > 1e-3, "a vanishing energy would make the test empty: " + e);
        }
    }

    @Test
    void energyDependsOnTheGeometry() {
        Random random = new Random(12);
        SchNet model = new SchNet(new SchNet.Config(2, 8, 8, 10, 2, CUTOFF), 2, DataType.DOUBLE);
        double[][] p = TestMolecules.randomPositions(5, 3.0, random);
        int[] types = {0, 1, 0, 1, 1};
        double[][] stretched = TestMolecules.move(p, new double[][] {{1.2, 0, 0}, {0, 1, 0}, {0, 0, 1}},
                new double[3]);
        assertTrue(Math.abs(energy(model, p, types) - energy(model, stretched, types)) > 1e-4);
    }

    @Test
    void batchedEnergiesEqualSeparateOnesAndSumAtomEnergies() {
        Random random = new Random(13);
        SchNet model = new SchNet(new SchNet.Config(3, 8, 8, 10, 2, CUTOFF), 3, DataType.DOUBLE);
        Graph a = graph(TestMolecules.randomPositions(4, 3.0, random), new int[] {0, 1, 2, 1}, CUTOFF, 0,
                DataType.DOUBLE);
        Graph b = graph(TestMolecules.randomPositions(6, 3.0, random), new int[] {2, 2, 0, 1, 0, 0}, CUTOFF, 0,
                DataType.DOUBLE);
        INDArray both = model.energy(TestMolecules.batch(a, b)).data();
        assertArrayEquals(new long[] {2, 1}, both.shape());
        assertEquals(model.energy(TestMolecules.batch(a)).data().getDouble(0), both.getDouble(0), 1e-12);
        assertEquals(model.energy(TestMolecules.batch(b)).data().getDouble(0), both.getDouble(1), 1e-12);
        double atomSum = model.atomEnergies(a, Tensor.constant(a.positions())).data().sumNumber().doubleValue();
        assertEquals(atomSum, both.getDouble(0), 1e-12);
    }

    @Test
    void parameterAndPositionGradientsMatchFiniteDifferences() {
        TestMolecules.singleThreaded(this::parameterAndPositionGradientsMatchFiniteDifferencesBody);
    }

    private void parameterAndPositionGradientsMatchFiniteDifferencesBody() {
        Random random = new Random(14);
        SchNet model = new SchNet(new SchNet.Config(2, 4, 3, 4, 2, CUTOFF), 4, DataType.DOUBLE);
        // biases start at zero; random values make their gradients (and the check) non-trivial
        model.namedParameters().forEach((name, p) -> {
            if (name.endsWith("bias")) {
                p.data().assign(GradCheck.uniform(random, -0.5, 0.5, p.shape()));
            }
        });
        Graph g = graph(TestMolecules.randomPositions(4, 2.5, random), new int[] {0, 1, 1, 0}, CUTOFF, 0,
                DataType.DOUBLE);
        GraphBatch batch = TestMolecules.batch(g);
        GradCheck.checkParameters(model, () -> model.energy(batch));
        GradCheck.check(in -> model.energy(batch, in.get(0)), g.positions());
    }

    @Test
    void runsInFloat32CloseToFloat64() {
        Random random = new Random(15);
        SchNet m64 = new SchNet(new SchNet.Config(3, 16, 16, 10, 2, CUTOFF), 5, DataType.DOUBLE);
        SchNet m32 = new SchNet(new SchNet.Config(3, 16, 16, 10, 2, CUTOFF), 5, DataType.FLOAT);
        double[][] p = TestMolecules.randomPositions(7, 3.0, random);
        int[] types = TestMolecules.randomTypes(7, 3, random);
        INDArray e32 = m32.energy(TestMolecules.batch(graph(p, types, CUTOFF, 0, DataType.FLOAT))).data();
        assertEquals(DataType.FLOAT, e32.dataType());
        assertEquals(energy(m64, p, types), e32.getDouble(0), 1e-4);
    }
}
