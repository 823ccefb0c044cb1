package org.erlangen.neo4j.read;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.erlangen.neo4j.config.GraphSpec;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Transaction;

/**
 * One pass over the selected nodes for an {@code .estimate} procedure: the feature values they really hold (not the
 * first node's width times the count), the distinct target values (the classes) and graph ids, and the bytes the
 * targets take. The calls themselves learn the same from what they read, before they allocate a model.
 */
public record SelectionScan(long featureValues, int widestNode, int classes, long graphs, long targetBytes) {

    /**
     * @param targetProperty null when the call reads no target (predictions)
     */
    public static SelectionScan of(Transaction tx, GraphSpec spec, String targetProperty) {
        long[] values = {0};
        int[] widest = {0};
        long[] targetBytes = {0};
        Set<Object> classes = new HashSet<>();
        Set<Object> graphs = new HashSet<>();
        Consumer<Node> visit = node -> {
            int width = 0;
            for (String property : spec.featureProperties()) {
                float[] v = Numbers.toFloats(node.getProperty(property, null));
                width += v == null ? 0 : v.length;
            }
            values[0] += width;
            widest[0] = Math.max(widest[0], width);
            if (targetProperty != null) {
                Object target = node.getProperty(targetProperty, null);
                targetBytes[0] += ValueSizes.bytes(target);
                ValueSizes.addTo(classes, target);
            }
            if (spec.graphIdProperty() != null) {
                ValueSizes.addTo(graphs, node.getProperty(spec.graphIdProperty(), null));
            }
        };
        if (spec.nodeLabels().isEmpty()) {
            try (var all = tx.getAllNodes()) {
                all.forEach(visit);
            }
        } else {
            for (String label : spec.nodeLabels()) { // a node with two selected labels counts twice: an upper bound
                try (var found = tx.findNodes(Label.label(label))) {
                    found.forEachRemaining(visit);
                }
            }
        }
        return new SelectionScan(values[0], widest[0], classes.size(), graphs.size(), targetBytes[0]);
    }
}
