package org.erlangen.neo4j.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of {@code erlangen.predict.stream} and {@code .write}. The graph is selected as in training unless
 * {@code nodeLabels}, {@code relationshipTypes}, {@code orientation} or {@code graphIdProperty} say otherwise; the
 * features are always the model's own. {@code overwrite} (write only, default false) lets a write replace a property
 * the selected nodes already hold, except the model's own inputs and target, which no write may replace. For a
 * link-prediction model, {@code link} holds the question: which source nodes, which candidate targets, how many per
 * source, and (write) the type of the relationships to create.
 */
public record PredictConfig(Map<String, Object> selection, String writeProperty, int batchSize, int concurrency,
        boolean overwrite, LinkQuery link) {
    /** The keys that ask for links, which only a link-prediction model answers. */
    public static final List<String> LINK_KEYS = List.of("topK", "sourceNodes", "sourceNodeLabels",
            "targetNodeLabels", "writeRelationshipType");

    /**
     * Top-k link predictions: for each source node (those of {@code sourceNodes}, else the selected nodes with any
     * of {@code sourceNodeLabels}, else those with the labels the model's training links started at), the
     * {@code topK} best-scored targets among the candidates (by {@code targetNodeLabels} or the model's), leaving
     * out itself and the nodes it is already linked to. {@code given} names the link keys the call set.
     */
    public record LinkQuery(int topK, List<String> sourceNodes, List<String> sourceNodeLabels,
            List<String> targetNodeLabels, String writeRelationshipType, List<String> given) {
    }

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
        // only predict.write knows writeRelationshipType, as it knows writeProperty
        List<String> given = LINK_KEYS.stream().filter(k -> write || !k.equals("writeRelationshipType"))
                .filter(c::has).toList();
        int topK = c.integer("topK", 10, 1, 1_000_000);
        List<String> sources = c.nodes("sourceNodes");
        List<String> sourceLabels = c.strings("sourceNodeLabels");
        List<String> targetLabels = c.strings("targetNodeLabels");
        String writeType = write ? c.string("writeRelationshipType", null) : null;
        c.finish();
        return new PredictConfig(Map.copyOf(selection), writeProperty, batchSize, concurrency, overwrite,
                new LinkQuery(topK, sources, sourceLabels, targetLabels, writeType, given));
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
                (String) selection.getOrDefault("graphIdProperty", trained.graphIdProperty()),
                trained.labelFeatures());
    }
}
