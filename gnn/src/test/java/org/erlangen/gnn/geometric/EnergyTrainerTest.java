package org.erlangen.gnn.geometric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.erlangen.gnn.tasks.Evaluation;
import org.erlangen.gnn.tasks.GraphRegression;
import org.erlangen.graph.Graph;
import org.erlangen.tensor.GradMode;
import org.erlangen.train.LrSchedule;
import org.erlangen.train.TrainingSettings;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class EnergyTrainerTest {
    private static final double CUTOFF = 4.0;

    /** A smooth invariant toy energy: per-type offsets plus pair terms that decay with distance. */
    private static List<Graph> toyMolecules(int count, Random random) {
        List<Graph> graphs = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            int n = 3 + random.nextInt(4);
            double[][] p = TestMolecules.randomPositions(n, 3.0, random);
            int[] types = TestMolecules.randomTypes(n, 2, random);
            double e = 0;
            for (int i = 0; i < n; i++) {
                e += types[i] == 0 ? 2.0 : -1.0;
                for (int j = i + 1; j < n; j++) {
                    double d = Math.sqrt(Math.pow(p[i][0] - p[j][0], 2) + Math.pow(p[i][1] - p[j][1], 2)
                            + Math.pow(p[i][2] - p[j][2], 2));
                    e += 3.0 * (1 + types[i] + types[j]) * Math.exp(-d);
                }
            }
            graphs.add(TestMolecules.graph(p, types, CUTOFF, e, DataType.FLOAT));
        }
        return graphs;
    }

    @Test
    void egnnLearnsAToyEnergyAndPredictionsAreDenormalised() {
        TestMolecules.singleThreaded(EnergyTrainerTest::learnToyEnergy);
    }

    private static void learnToyEnergy() {
        Random random = new Random(41);
        List<Graph> graphs = toyMolecules(24, random);
        int[] train = new int[24];
        for (int i = 0; i < 24; i++) {
            train[i] = i;
        }
        EGNN model = new EGNN(new EGNN.Config(2, 16, 2, 8, CUTOFF), 3, DataType.FLOAT);
        EnergyTrainer<EGNN> trainer = new EnergyTrainer<>(model, graphs);
        EnergyNormalizer normalizer = trainer.fitNormalizer(train, true);
        Evaluation before = trainer.evaluate(train, 8);

        // predictions are the model's outputs mapped back through the normaliser
        Graph g = graphs.get(5);
        double raw;
        try (var ignored = GradMode.noGrad()) {
            raw = model.energy(TestMolecules.batch(g)).data().getDouble(0);
        }
        int[] counts = AtomTypeIndex.counts(AtomTypeIndex.of(g, 2), 2);
        assertEquals(normalizer.denormalise(raw, counts), before.predictions()[5], 1e-4);

        List<Double> losses = new ArrayList<>();
        TrainingSettings settings = TrainingSettings.builder().epochs(40)
                .schedule(LrSchedule.warmupCosine(5e-3, 0.1)).gradClip(10.0).build();
        trainer.fit(settings, new EnergyTrainer.Options(8, GraphRegression.Loss.MSE, true, 2), train,
                new int[] {0, 1, 2}, epoch -> {
                    losses.add(epoch.loss());
                    assertTrue(Double.isFinite(epoch.metric("val_mae")));
                });
        assertEquals(40, losses.size());
        Evaluation after = trainer.evaluate(train, 8);
        assertTrue(after.mae() < before.mae() / 3, "MAE " + before.mae() + " -> " + after.mae());
        assertTrue(losses.get(39) < losses.get(0) / 5, "loss " + losses.get(0) + " -> " + losses.get(39));
    }

    @Test
    void evaluatingBeforeFittingAndMoleculesWithoutEnergyAreRefused() {
        Random random = new Random(42);
        List<Graph> graphs = toyMolecules(3, random);
        SchNet model = new SchNet(new SchNet.Config(2, 4, 4, 4, 1, CUTOFF), 1, DataType.FLOAT);
        EnergyTrainer<SchNet> trainer = new EnergyTrainer<>(model, graphs);
        assertThrows(IllegalStateException.class, () -> trainer.evaluate(new int[] {0}, 1));
        Graph noEnergy = graphs.get(0).toBuilder().graphTargets(null).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EnergyTrainer<>(model, List.of(graphs.get(1), noEnergy)));
        assertTrue(e.getMessage().contains("molecule 1 has no energy"), e.getMessage());
    }
}
