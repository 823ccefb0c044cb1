package org.erlangen.neo4j.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Which part of the database is the graph and what a node carries: nodes with any of {@code nodeLabels} (all nodes
 * when empty), relationships of {@code relationshipTypes} (all types when empty) between them, read with
 * {@code orientation}; input features are {@code featureProperties} concatenated in order. For graph-level tasks the
 * graphs are the nodes sharing a {@code graphIdProperty} value, or the connected components when it is null.
 *
 * <p>With {@code labelFeatures} (a map from label to properties) each label is a node type with its own features:
 * a node's type is the first of the map's labels it carries, and its row holds its own properties in its type's
 * columns, zeros in the others, and a one-hot of its type, so the first layer's weights act as one linear map per
 * type (PyG's per-type input projection, with a bias per type). A label may have no properties: its nodes are
 * told apart by their type alone. {@code featureProperties} is then every property the map names.
 */
public record GraphSpec(List<String> nodeLabels, List<String> relationshipTypes, Orientation orientation,
        List<String> featureProperties, String graphIdProperty, Map<String, List<String>> labelFeatures) {
    public GraphSpec {
        nodeLabels = List.copyOf(nodeLabels);
        relationshipTypes = List.copyOf(relationshipTypes);
        labelFeatures = labelFeatures == null ? Map.of() : copy(labelFeatures);
        if (!labelFeatures.isEmpty()) {
            LinkedHashSet<String> union = new LinkedHashSet<>();
            labelFeatures.values().forEach(union::addAll);
            featureProperties = List.copyOf(union);
            for (String label : nodeLabels) {
                if (!labelFeatures.containsKey(label)) {
                    throw new IllegalArgumentException("featureProperties has no entry for label '" + label
                            + "' of nodeLabels " + nodeLabels + "; it names " + labelFeatures.keySet());
                }
            }
            if (nodeLabels.isEmpty()) {
                throw new IllegalArgumentException("featureProperties per label needs nodeLabels");
            }
        }
        featureProperties = List.copyOf(featureProperties); // empty for a link model on a random projection alone
    }

    public GraphSpec(List<String> nodeLabels, List<String> relationshipTypes, Orientation orientation,
            List<String> featureProperties, String graphIdProperty) {
        this(nodeLabels, relationshipTypes, orientation, featureProperties, graphIdProperty, Map.of());
    }

    /** Whether each label has its own features. */
    public boolean typed() {
        return !labelFeatures.isEmpty();
    }

    /** The node types, in the map's order: what the one-hot columns follow. */
    public List<String> types() {
        return List.copyOf(labelFeatures.keySet());
    }

    /**
     * The feature columns as widths are kept: the properties, or for typed features each label's properties as
     * {@code Label.property}, label by label.
     */
    public List<String> columns() {
        if (!typed()) {
            return featureProperties;
        }
        List<String> columns = new ArrayList<>();
        labelFeatures.forEach((label, properties) -> properties.forEach(p -> columns.add(label + "." + p)));
        return columns;
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> map) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        map.forEach((label, properties) -> out.put(label, List.copyOf(properties)));
        return Collections.unmodifiableMap(out);
    }
}
