package org.erlangen.gnn.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.gnn.models.ModelConfig;
import org.erlangen.graph.Graph;
import org.erlangen.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A worker's steps on the whole graph are single-machine mini-batch training's: the first step at the same initial
 * weights has its loss, and its gradients are those of that loss.
 */
class ShardStepsTest {
    @Test
    void onTheWholeGraphTheFirstStepIsSingleMachineTrainings() {
        Graph g = SampledTrainingTest.planted(120, 6, 4, DataType.FLOAT);
        int[] train = IntStream.range(0, 120).filter(v -> v % 3 != 0).toArray();
        List<Double> losses = new ArrayList<>();
        var classifier = new NodeClassifier().layer("sage").layers(2).hidden(8).dropout(0.5).seed(3)
                .fanouts(4, 3).batchSize(32).samplingWorkers(0).scaleFeatures(false)
                .training(b -> b.epochs(1));
        classifier.fit(g, train, null, new TrainingListener() {
            @Override
            public void epoch(Epoch e) {
            }

            @Override
            public void batch(int epoch, int batch, int batches, double loss) {
                losses.add(loss);
            }
        });
        ModelConfig config = classifier.model().config();
        int[] labels = NodeClassifier.labels(g);
        var steps = new ShardSteps(g, labels, train, config, 3, new int[] {4, 3}, 32);
        assertEquals(3, steps.batchesPerEpoch()); // 80 training nodes in batches of 32
        var initial = new GnnModel(config, 3, DataType.FLOAT); // the classifier's weights before its first step
        ShardSteps.Gradients first = steps.step(1, 0, initial.stateDict());
        assertEquals(losses.get(0), first.loss(), 1e-6 * losses.get(0));
        assertEquals(32, first.seeds());
        assertEquals(initial.parameters().size(), first.values().length);
        double norm = 0;
        for (double[] g1 : first.values()) {
            for (double v : g1) {
                norm += v * v;
            }
        }
        assertTrue(norm > 0, "the gradients are not all zero");
        assertNull(steps.step(1, 3, initial.stateDict()), "no fourth batch");
    }

    @Test
    void aTrainingNodeWithoutALabelIsNamed() {
        Graph g = SampledTrainingTest.planted(30, 4, 1, DataType.FLOAT);
        int[] labels = NodeClassifier.labels(g);
        labels[5] = -1;
        var config = new ModelConfig("sage", "node", 6, 8, 3, 2, 0.0, "sum", 1, 1.5);
        var e = assertThrows(IllegalArgumentException.class,
                () -> new ShardSteps(g, labels, new int[] {1, 5}, config, 0, new int[] {2, 2}, 8));
        assertEquals("training node 5 of the shard has no label", e.getMessage());
    }
}
