package org.erlangen.neo4j.model;

import java.util.Map;
import org.erlangen.gnn.models.GnnModel;

/** A model in the catalog: its network, what it was trained on, and the figures of its training. */
public record TrainedModel(String name, GnnModel network, ModelSpec spec, Map<String, Object> metrics) {
    public long parameterCount() {
        return network.parameters().stream().mapToLong(p -> p.data().length()).sum();
    }
}
