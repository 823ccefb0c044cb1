package org.erlangen.neo4j.read;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.erlangen.neo4j.config.GraphSpec;
import org.neo4j.graphdb.Direction;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.RelationshipType;
import org.neo4j.graphdb.Transaction;

/**
 * One pass over the selected nodes for an {@code .estimate} procedure: the feature values they really hold (not the
 * first node's width times the count), the distinct target values (the classes) and graph ids, the bytes the
 * targets take and, for a sampled training, the {@link InDegrees} (each node's relationships of the selected types,
 * those to unselected nodes too: an upper bound). The calls themselves learn the same from what they read, before
 * they allocate a model.
 *
 * @param inDegrees null when not asked for
 */
public record SelectionScan(long featureValues, int widestNode, int classes, long graphs, long targetBytes,
        InDegrees inDegrees) {

    /**
     * @param targetProperty null when the call reads no target (predictions)
     */
    public static SelectionScan of(Transaction tx, GraphSpec spec, String targetProperty) {
        return of(tx, spec, targetProperty, false);
    }

    /**
     * @param targetProperty null when the call reads no target (predictions)
     * @param inDegrees whether to count the in-degrees
     */
    public static SelectionScan of(Transaction tx, GraphSpec spec, String targetProperty, boolean inDegrees) {
        long[] values = {0};
        int[] widest = {0};
        long[] targetBytes = {0};
        Set<Object> classes = new HashSet<>();
        Set<Object> graphs = new HashSet<>();
        var degrees = inDegrees ? new InDegrees.Counter() : null;
        List<RelationshipType> types = spec.relationshipTypes().stream().map(RelationshipType::withName).toList();
        // messages flow from start to end node (NATURAL): a node receives along its incoming relationships
        Direction receiving = switch (spec.orientation()) {
            case NATURAL -> Direction.INCOMING;
            case REVERSE -> Direction.OUTGOING;
            case UNDIRECTED -> Direction.BOTH;
        };
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
            if (degrees != null) {
                degrees.node(degree(node, types, receiving), degree(node, types, receiving.reverse()));
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
        return new SelectionScan(values[0], widest[0], classes.size(), graphs.size(), targetBytes[0],
                degrees == null ? null : degrees.histogram());
    }

    private static int degree(Node node, List<RelationshipType> types, Direction direction) {
        if (types.isEmpty()) {
            return node.getDegree(direction);
        }
        int degree = 0;
        for (RelationshipType type : types) {
            degree += node.getDegree(type, direction);
        }
        return degree;
    }
}
