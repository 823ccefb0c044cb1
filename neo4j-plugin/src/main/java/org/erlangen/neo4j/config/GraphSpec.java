package org.erlangen.neo4j.config;

import java.util.List;

/**
 * Which part of the database is the graph and what a node carries: nodes with any of {@code nodeLabels} (all nodes
 * when empty), relationships of {@code relationshipTypes} (all types when empty) between them, read with
 * {@code orientation}; input features are {@code featureProperties} concatenated in order. For graph-level tasks the
 * graphs are the nodes sharing a {@code graphIdProperty} value, or the connected components when it is null.
 */
public record GraphSpec(List<String> nodeLabels, List<String> relationshipTypes, Orientation orientation,
        List<String> featureProperties, String graphIdProperty) {
    public GraphSpec {
        nodeLabels = List.copyOf(nodeLabels);
        relationshipTypes = List.copyOf(relationshipTypes);
        featureProperties = List.copyOf(featureProperties);
        if (featureProperties.isEmpty()) {
            throw new IllegalArgumentException("featureProperties must name at least one node property");
        }
    }
}
