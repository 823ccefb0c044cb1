package org.erlangen.neo4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.erlangen.gnn.models.Layers;
import org.erlangen.neo4j.config.TrainConfig;
import org.erlangen.neo4j.read.StoredGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A node model trained on sampled neighbourhoods predicts layer-wise, and layer-wise equals the full-graph pass:
 * for GCN (whole graph per layer) and for layers that run in chunks of receivers.
 */
class LayerwisePredictionTest {
    private static final int NODES = 600;

    @ParameterizedTest
    @ValueSource(strings = {"gcn", "sage", "gat"})
    void layerwisePredictionsEqualTheFullGraphPass(String layer) {
        Random r = new Random(3);
        float[] features = new float[NODES * 3];
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) r.nextGaussian();
        }
        int m = NODES * 5;
        int[] senders = new int[m];
        int[] receivers = new int[m];
        for (int e = 0; e < m; e++) {
            senders[e] = r.nextInt(NODES);
            receivers[e] = r.nextInt(NODES);
        }
        Object[] targets = new Object[NODES];
        for (int i = 0; i < NODES; i++) {
            targets[i] = features[i * 3] > 0 ? "up" : "down";
        }
        var stored = new StoredGraph(Collections.nCopies(NODES, null), features, 3, List.of(3), senders, receivers,
                m, targets, null, null);
        Map<String, Object> c = new HashMap<>();
        c.put("task", "nodeClassification");
        c.put("featureProperties", List.of("f"));
        c.put("targetProperty", "y");
        c.put("model", layer);
        c.put("hidden", 16);
        c.put("epochs", 3);
        c.put("fanouts", List.of(4, -1));
        c.put("batchSize", 50);
        TrainConfig config = TrainConfig.parse(c);
        Dataset data = Dataset.of(stored, config.task(), null, Layers.needsSelfLoops(layer));
        var result = new ModelTrainer(data, config, () -> { }).train("m");
        assertEquals(List.of(4, -1), result.model().spec().fanouts());
        assertEquals(result.model().spec(), ModelSpec.fromJson(result.model().spec().toJson()));
        var layerwise = Forward.outputs(result.model().network(), data, true, () -> { });
        var full = Forward.outputs(result.model().network(), data, false, () -> { });
        assertEquals(NODES, layerwise.rows());
        double worst = layerwise.sub(full).amaxNumber().doubleValue();
        assertTrue(worst < 1e-4, layer + ": layer-wise and full-graph outputs differ by " + worst);
    }
}
