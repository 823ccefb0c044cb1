package org.erlangen.gnn.geometric;

import static org.erlangen.gnn.geometric.TestMolecules.graph;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.tensor.Shapes;
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

class EGNNTest {
    private static final double CUTOFF = 4.0;

    /** A model whose coordinates move visibly: the authors' initial coordinate gain keeps them almost still. */
    private static EGNN model(EGNN.Config config, long seed, DataType dtype) {
        EGNN m = new EGNN(config, seed, dtype);
        m.namedParameters().forEach((name, p) -> {
            if (name.endsWith("coord2.weight")) {
                p.data().muli(500);
            }
        });
        return m;
    }

    private static EGNN.Output run(EGNN model, double[][] positions, int[] types) {
        return model.forward(TestMolecules.batch(graph(positions, types, CUTOFF, 0, DataType.DOUBLE)));
    }

    @Test
    void energyIsInvariantAndVectorsRotateWithTheInput() {
        TestMolecules.singleThreaded(this::energyIsInvariantAndVectorsRotateWithTheInputBody);
    }

    /** Reflections on odd trials, rotations on even ones (E(3), not only SE(3)), then a translation. */
    private static Group<Graph> motions(int trial, Euclidean.Output output) {
        Euclidean turn = trial % 2 == 1 ? Euclidean.reflections(output) : Euclidean.rotations(output);
        return turn.then(Euclidean.translations(output));
    }

    private void energyIsInvariantAndVectorsRotateWithTheInputBody() {
        Random random = new Random(21);
        Map<DataType, EGNN> models = new EnumMap<>(DataType.class);
        for (DataType dtype : List.of(DataType.DOUBLE, DataType.FLOAT)) {
            models.put(dtype, model(new EGNN.Config(4, 16, 3, 12, CUTOFF), 1, dtype));
        }
        Group<Graph> atomOrder = GraphPermutations.renumberNodes(Rows.NODES);
        for (int trial = 0; trial < 5; trial++) {
            int n = 6 + trial;
            double[][] p = TestMolecules.randomPositions(n, 3.5, random);
            int[] types = TestMolecules.randomTypes(n, 4, random);
            double[][] v = TestMolecules.rows(run(models.get(DataType.DOUBLE), p, types).displacements().data());
            double size = TestMolecules.maxAbsDifference(v, new double[n][3]);
            assertTrue(size > 0.05, "displacements too small for a meaningful test: " + size);

            long seed = trial;
            BiFunction<String, Function<EGNN.Output, Tensor>, Function<DataType, Case<Graph>>> molecule =
                    (name, part) -> dtype -> Case.of(graph(p, types, CUTOFF, 0, dtype),
                            g -> part.apply(models.get(dtype).forward(TestMolecules.batch(g))))
                            .named("EGNN's " + name).withSeed(seed);
            var energy = molecule.apply("energy", EGNN.Output::energy);
            var positions = molecule.apply("coordinates", EGNN.Output::positions);
            var displacements = molecule.apply("displacements", EGNN.Output::displacements);
            var features = molecule.apply("features", EGNN.Output::features);
            Equivariance.assertInvariant(motions(trial, Euclidean.Output.SCALARS), energy);
            Equivariance.assertEquivariant(motions(trial, Euclidean.Output.POINTS), positions);
            Equivariance.assertEquivariant(motions(trial, Euclidean.Output.VECTORS), displacements);
            Equivariance.assertInvariant(motions(trial, Euclidean.Output.SCALARS), features);

            Equivariance.assertInvariant(atomOrder, energy);
            Equivariance.assertEquivariant(atomOrder, displacements);
            Equivariance.assertEquivariant(atomOrder, positions);
            Equivariance.assertEquivariant(atomOrder, features);
        }
    }

    @Test
    void parameterAndPositionGradientsMatchFiniteDifferences() {
        TestMolecules.singleThreaded(this::parameterAndPositionGradientsMatchFiniteDifferencesBody);
    }

    private void parameterAndPositionGradientsMatchFiniteDifferencesBody() {
        Random random = new Random(22);
        EGNN model = model(new EGNN.Config(2, 3, 2, 4, CUTOFF), 2, DataType.DOUBLE);
        model.namedParameters().forEach((name, p) -> {
            if (name.endsWith("bias")) {
                p.data().assign(GradCheck.uniform(random, -0.5, 0.5, p.shape()));
            }
        });
        double[][] p = TestMolecules.randomPositions(4, 2.5, random);
        GraphBatch batch = TestMolecules.batch(graph(p, new int[] {0, 1, 1, 0}, CUTOFF, 0, DataType.DOUBLE));
        // energy and final coordinates together, so the last layer's coordinate head takes part
        GradCheck.checkParameters(model, () -> {
            EGNN.Output out = model.forward(batch);
            return Shapes.concat(0, Shapes.reshape(out.energy(), 1), Shapes.reshape(out.positions(), 12));
        });
        GradCheck.check(in -> {
            EGNN.Output out = model.forward(batch, in.get(0));
            return Shapes.concat(0, Shapes.reshape(out.energy(), 1), Shapes.reshape(out.positions(), 12));
        }, batch.graph().positions());
    }

    @Test
    void runsInFloat32CloseToFloat64() {
        Random random = new Random(23);
        EGNN m64 = model(new EGNN.Config(3, 16, 2, 10, CUTOFF), 5, DataType.DOUBLE);
        EGNN m32 = model(new EGNN.Config(3, 16, 2, 10, CUTOFF), 5, DataType.FLOAT);
        double[][] p = TestMolecules.randomPositions(7, 3.0, random);
        int[] types = TestMolecules.randomTypes(7, 3, random);
        EGNN.Output o32 = m32.forward(TestMolecules.batch(graph(p, types, CUTOFF, 0, DataType.FLOAT)));
        EGNN.Output o64 = run(m64, p, types);
        assertEquals(DataType.FLOAT, o32.energy().dtype());
        assertEquals(o64.energy().data().getDouble(0), o32.energy().data().getDouble(0), 1e-4);
        assertTrue(TestMolecules.maxAbsDifference(TestMolecules.rows(o64.positions().data()),
                TestMolecules.rows(o32.positions().data())) < 1e-4);
        Tensor unused = o32.features();
        assertEquals(DataType.FLOAT, unused.dtype());
    }
}
