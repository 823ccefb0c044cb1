package org.erlangen.neo4j.model;

import java.util.Map;
import org.erlangen.gnn.models.GnnModel;

/** A model in the catalog: its network, what it was trained on, and the figures of its training. */
public record TrainedModel(String name, GnnModel network, ModelSpec spec, Map<String, Object> metrics) {
    public long parameterCount() {
        return network.parameters().stream().mapToLong(p -> p.data().length()).sum();
    }

    public ModelSummary summary() {
        return new ModelSummary(network.config(), spec, metrics, parameterCount());
    }

    /** Frees the network's arrays; for the catalog, once no call uses the model any more. */
    public void release() {
        network.release();
    }
}
