package org.erlangen.gnn.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What a reader may know of a model from its config and its file's header alone: a lower bound on its parameters
 * (so a config wider than its tensors is refused unbuilt) and which state entries are buffers. Checked against every
 * layer, task, head, normalisation and feature-scaling setting.
 */
class GnnModelSizeTest {
    /** Every config of small widths that the builder accepts. */
    private static List<ModelConfig> configs() {
        return configs(5, 8, 3);
    }

    private static List<ModelConfig> configs(int in, int hidden, int out) {
        List<ModelConfig> configs = new ArrayList<>();
        for (String layer : Layers.names()) {
            for (String task : List.of("node", "graph")) {
                for (String head : task.equals("graph") ? List.of("mlp", "jk") : List.of("mlp")) {
                    for (String norm : List.of("none", "batch")) {
                        for (int layers = 1; layers <= 3; layers++) {
                            for (boolean scale : List.of(false, true)) {
                                ModelConfig c = new ModelConfig(layer, task, in, hidden, out, layers, 0.1, "sum", 2,
                                        1.0, norm, true, head, scale);
                                configs.add(Layers.relational(layer) ? c.withRelations(3) : c);
                            }
                        }
                    }
                }
            }
        }
        return configs;
    }

    @Test
    void leastParametersIsALowerBound() {
        for (ModelConfig c : configs()) {
            long least = GnnModel.leastParameters(c);
            long parameters = new GnnModel(c, 1, DataType.FLOAT).parameterCount();
            assertTrue(least <= parameters, c + ": bound " + least + " above the model's " + parameters);
        }
    }

    @Test
    void leastParametersIsNotFarBelowTheModel() {
        double widest = 0;
        List<ModelConfig> configs = new ArrayList<>(configs(16, 32, 4));
        configs.addAll(configs(4, 32, 64));
        configs.addAll(configs(64, 16, 2));
        for (ModelConfig c : configs) {
            GnnModel model = new GnnModel(c, 1, DataType.FLOAT);
            long least = GnnModel.leastParameters(c);
            long state = model.stateDict().values().stream().mapToLong(a -> a.length()).sum();
            widest = Math.max(widest, (double) state / least);
        }
        // what a config that passes the bound can make a reader build, per value the file holds (widths >= 4)
        assertTrue(widest <= 8, "a model holds " + widest + " times its lower bound");
    }

    @Test
    void leastParametersGrowsWithEveryWidthAndSaturates() {
        ModelConfig c = new ModelConfig("gcn", "node", 5, 700_000_000, 3, 2, 0.1, "sum", 1);
        assertTrue(GnnModel.leastParameters(c) >= 700_000_000L * 8);
        ModelConfig huge = new ModelConfig("gcn", "graph", Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE,
                Integer.MAX_VALUE, 0.1, "sum", 1);
        assertEquals(Long.MAX_VALUE, GnnModel.leastParameters(huge));
    }

    @Test
    void buffersAreToldByName() {
        for (ModelConfig c : configs()) {
            GnnModel model = new GnnModel(c, 1, DataType.FLOAT);
            var buffers = model.namedBuffers().keySet();
            for (String name : model.stateDict().keySet()) {
                assertEquals(buffers.contains(name), GnnModel.isBuffer(name), c + ": " + name);
            }
        }
    }
}
