package org.erlangen.gnn.geometric;

import static org.erlangen.gnn.geometric.TestMolecules.graph;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.erlangen.graph.GraphBatch;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.GradCheck;
import org.erlangen.testing.Permutations;
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

    private void energyIsInvariantAndVectorsRotateWithTheInputBody() {
        Random random = new Random(21);
        EGNN model = model(new EGNN.Config(4, 16, 3, 12, CUTOFF), 1, DataType.DOUBLE);
        for (int trial = 0; trial < 5; trial++) {
            int n = 6 + trial;
            double[][] p = TestMolecules.randomPositions(n, 3.5, random);
            int[] types = TestMolecules.randomTypes(n, 4, random);
            EGNN.Output out = run(model, p, types);
            double e = out.energy().data().getDouble(0);
            double[][] x = TestMolecules.rows(out.positions().data());
            double[][] v = TestMolecules.rows(out.displacements().data());
            double size = TestMolecules.maxAbsDifference(v, new double[n][3]);
            assertTrue(size > 0.05, "displacements too small for a meaningful test: " + size);

            double[][] rotation = TestMolecules.randomRotation(random);
            if (trial % 2 == 1) {
                for (double[] row : rotation) {
                    row[2] = -row[2]; // a reflection: E(3), not only SO(3)
                }
            }
            double[] shift = {10 * random.nextGaussian(), 10 * random.nextGaussian(), 10 * random.nextGaussian()};
            EGNN.Output moved = run(model, TestMolecules.move(p, rotation, shift), types);
            assertEquals(e, moved.energy().data().getDouble(0), 1e-9, "energy after a rigid motion");
            assertTrue(TestMolecules.maxAbsDifference(TestMolecules.move(x, rotation, shift),
                    TestMolecules.rows(moved.positions().data())) < 1e-9, "coordinates follow R x + t");
            assertTrue(TestMolecules.maxAbsDifference(TestMolecules.move(v, rotation, new double[3]),
                    TestMolecules.rows(moved.displacements().data())) < 1e-9, "vectors follow R v");

            int[] perm = Permutations.random(n, random);
            EGNN.Output permuted = run(model, TestMolecules.permute(p, perm), TestMolecules.permute(types, perm));
            assertEquals(e, permuted.energy().data().getDouble(0), 1e-9, "energy after reordering atoms");
            assertTrue(TestMolecules.maxAbsDifference(TestMolecules.permute(v, perm),
                    TestMolecules.rows(permuted.displacements().data())) < 1e-9, "vectors are reordered with atoms");
            double[][] features = TestMolecules.rows(out.features().data());
            assertTrue(TestMolecules.maxAbsDifference(features, TestMolecules.rows(moved.features().data())) < 1e-9,
                    "features are invariant");
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
