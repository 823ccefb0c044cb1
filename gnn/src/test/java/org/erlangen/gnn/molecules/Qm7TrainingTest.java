package org.erlangen.gnn.molecules;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.erlangen.gnn.geometric.EnergyTrainer;
import org.erlangen.gnn.geometric.SchNet;
import org.erlangen.gnn.tasks.GraphRegression;
import org.erlangen.graph.Graph;
import org.erlangen.train.LrSchedule;
import org.erlangen.train.TrainingSettings;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class Qm7TrainingTest {
    @Test
    void schNetOverfitsTwentyMolecules() throws IOException {
        List<Molecule> molecules = Qm7Reader.read(Data.shared("qm7-qml"), OnError.FAIL).molecules();
        List<Graph> graphs = new ArrayList<>();
        int[] train = new int[20];
        for (int k = 0; k < 20; k++) {
            // spread over the file (sorted roughly by size), so the set mixes small and large molecules
            graphs.add(MolecularGraphs.radiusGraph(molecules.get(k * 350), AtomTypes.QM7,
                    MolecularGraphs.DEFAULT_CUTOFF, Qm7Reader.PBE0, DataType.FLOAT));
            train[k] = k;
        }
        // 20 small molecules make many short operations: one thread avoids the cost of waking others (on a busy
        // 2-core machine this run took 12 s with 1 thread and 60-80 s with 2)
        int threads = Nd4j.getEnvironment().maxThreads();
        int masterThreads = Nd4j.getEnvironment().maxMasterThreads();
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        try {
            overfit(graphs, train);
        } finally {
            Nd4j.getEnvironment().setMaxThreads(threads);
            Nd4j.getEnvironment().setMaxMasterThreads(masterThreads);
        }
    }

    private static void overfit(List<Graph> graphs, int[] train) {
        SchNet model = new SchNet(new SchNet.Config(AtomTypes.QM7.count(), 32, 32, 20, 2, 5.0), 7, DataType.FLOAT);
        EnergyTrainer<SchNet> trainer = new EnergyTrainer<>(model, graphs);
        trainer.fitNormalizer(train, true);
        double before = trainer.evaluate(train, 20).mae();
        long start = System.nanoTime();
        TrainingSettings settings = TrainingSettings.builder().epochs(150)
                .schedule(LrSchedule.warmupCosine(3e-3, 0.05)).gradClip(10.0).build();
        trainer.fit(settings, new EnergyTrainer.Options(20, GraphRegression.Loss.L1, true, 1), train, null,
                epoch -> { });
        double seconds = (System.nanoTime() - start) / 1e9;
        double after = trainer.evaluate(train, 20).mae();
        System.out.printf("overfit: MAE %.2f -> %.2f kcal/mol in %.1f s%n", before, after, seconds);
        assertTrue(after < before / 5, "training MAE fell from " + before + " to only " + after);
    }
}
