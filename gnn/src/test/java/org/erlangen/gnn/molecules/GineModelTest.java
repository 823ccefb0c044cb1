package org.erlangen.gnn.molecules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.testing.BatchPermutations;
import org.erlangen.testing.Case;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GradCheck;
import org.erlangen.testing.Rows;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class GineModelTest {
    private static Graph molecule(String smiles) throws Exception {
        return molecule(smiles, DataType.DOUBLE);
    }

    private static Graph molecule(String smiles, DataType dtype) throws Exception {
        Molecule m = CdkMolecules.fromContainer(CdkMolecules.smilesParser().parseSmiles(smiles), smiles,
                Map.of("y", 1.0));
        return MolecularGraphs.graph2d(m, "y", dtype);
    }

    @Test
    void predictionIgnoresAtomAndBondOrderAndBatchCompany() throws Exception {
        GineModel model = new GineModel(new GineModel.Config(AtomFeatures.WIDTH, BondFeatures.WIDTH, 8, 2, 0.0), 1,
                DataType.DOUBLE);
        model.eval(); // batch norm with its running statistics, so molecules do not affect each other
        Graph a = molecule("CC(=O)Nc1ccc(O)cc1");
        Graph b = molecule("ClC(Cl)Cl");
        double alone = model.forward(GraphBatch.of(List.of(a))).data().getDouble(0);
        Map<DataType, GraphBatch> batches = Map.of(
                DataType.DOUBLE, GraphBatch.of(List.of(b, a)),
                DataType.FLOAT, GraphBatch.of(List.of(molecule("ClC(Cl)Cl", DataType.FLOAT),
                        molecule("CC(=O)Nc1ccc(O)cc1", DataType.FLOAT))));
        Equivariance.assertEquivariant(BatchPermutations.graphsAndNodes(Rows.GRAPHS), dtype -> {
            GineModel typed = new GineModel(new GineModel.Config(AtomFeatures.WIDTH, BondFeatures.WIDTH, 8, 2, 0.0),
                    1, dtype);
            typed.eval();
            return Case.of(batches.get(dtype), typed::forward);
        });
        double[] both = model.forward(GraphBatch.of(List.of(b, a))).data().toDoubleVector();
        assertEquals(alone, both[1], 1e-12);
        assertArrayEquals(new long[] {2, 1}, model.forward(GraphBatch.of(List.of(b, a))).data().shape());
    }

    @Test
    void parameterGradientsMatchFiniteDifferences() throws Exception {
        GineModel model = new GineModel(new GineModel.Config(AtomFeatures.WIDTH, BondFeatures.WIDTH, 3, 2, 0.0), 2,
                DataType.DOUBLE);
        Random random = new Random(5);
        model.namedParameters().forEach((name, p) -> {
            if (name.endsWith("bias")) {
                p.data().assign(GradCheck.uniform(random, -0.5, 0.5, p.shape()));
            }
        });
        GraphBatch batch = GraphBatch.of(List.of(molecule("CCO"), molecule("c1ccncc1"), molecule("CC#N")));
        // in training mode batch norm removes any per-feature shift, so the bias before it has no gradient at all and
        // the relative check is meaningless there; with running statistics every parameter matters
        model.eval();
        GradCheck.checkParameters(model, () -> model.forward(batch));
    }

    @Test
    void refusesGraphsWithoutItsAtomFeatures() throws Exception {
        GineModel model = new GineModel(GineModel.Config.defaults(), 3, DataType.DOUBLE);
        Molecule m = new Molecule("x", new int[] {6, 8}, new double[][] {{0, 0, 0}, {1.2, 0, 0}}, null, null, null,
                Map.of("y", 1.0));
        Graph g = MolecularGraphs.radiusGraph(m, AtomTypes.QM7, 5.0, "y", DataType.DOUBLE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.forward(GraphBatch.of(List.of(g))));
        assertEquals(true, e.getMessage().contains("expects 35 atom features"), e.getMessage());
    }
}
