package org.erlangen.neo4j.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.erlangen.gnn.models.ModelConfig;

/**
 * What {@code erlangen.model.list} shows of a model: its architecture, what it was trained on, the figures of its
 * training and its parameter count. Known from a model in memory, or from a stored file's header alone.
 */
public record ModelSummary(ModelConfig config, ModelSpec spec, Map<String, Object> metrics, long parameters) {
    public ModelSummary {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics)); // in order; a metric may be null
    }
}
