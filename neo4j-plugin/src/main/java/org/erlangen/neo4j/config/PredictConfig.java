package org.erlangen.neo4j.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of {@code erlangen.predict.stream} and {@code .write}. The graph is selected as in training unless
 * {@code nodeLabels}, {@code relationshipTypes}, {@code orientation} or {@code graphIdProperty} say otherwise; the
 * features are always the model's own. {@code overwrite} (write only, default false) lets a write replace a property
 * the selected nodes already hold, except the model's own inputs and target, which no write may replace.
 */
public record PredictConfig(Map<String, Object> selection, String writeProperty, int batchSize, int concurrency,
        boolean overwrite) {

    public static PredictConfig parse(String procedure, Map<String, Object> map, boolean write) {
        ConfigMap c = new ConfigMap(procedure, map);
        LinkedHashMap<String, Object> selection = new LinkedHashMap<>();
        for (String key : new String[] {"nodeLabels", "relationshipTypes", "graphIdProperty"}) {
            if (c.has(key)) {
                selection.put(key, key.equals("graphIdProperty") ? c.string(key, null) : c.strings(key));
            }
        }
        if (c.has("orientation")) {
            selection.put("orientation", c.choice("orientation", null, Orientation.NAMES));
        }
        String writeProperty = write ? c.requiredString("writeProperty") : null;
        // only predict.write knows the key: it lets a write replace values a node already holds
        boolean overwrite = write && c.bool("overwrite", false);
        int batchSize = c.integer("batchSize", 10_000, 1, 10_000_000);
        int concurrency = TrainConfig.concurrency(c);
        c.finish();
        return new PredictConfig(Map.copyOf(selection), writeProperty, batchSize, concurrency, overwrite);
    }

    /** The model's training selection with this call's overrides. */
    @SuppressWarnings("unchecked")
    public GraphSpec graph(GraphSpec trained) {
        return new GraphSpec(
                (List<String>) selection.getOrDefault("nodeLabels", trained.nodeLabels()),
                (List<String>) selection.getOrDefault("relationshipTypes", trained.relationshipTypes()),
                selection.containsKey("orientation") ? Orientation.valueOf((String) selection.get("orientation"))
                        : trained.orientation(),
                trained.featureProperties(),
                (String) selection.getOrDefault("graphIdProperty", trained.graphIdProperty()));
    }
}
