package org.erlangen.neo4j.read;

import java.util.List;
import org.neo4j.graphdb.Node;

/**
 * The selected part of the database as arrays: node {@code i} is {@code nodes.get(i)}, its features are row
 * {@code i} of {@code features} ({@code featureWidth} floats per node), and edge {@code e} carries messages from
 * {@code senders[e]} to {@code receivers[e]}. {@code targets}, {@code splits} and {@code graphIds} hold the raw
 * property values per node (null where absent, or the whole array null when not asked for). {@code links} are the
 * target relationships of a link-prediction read, null otherwise.
 * {@code edgeTypes} are each edge's relation in [0, {@code relations}) for a relational model (R-GCN), null otherwise.
 */
public record StoredGraph(List<Node> nodes, float[] features, int featureWidth, List<Integer> propertyWidths,
        int[] senders, int[] receivers, long relationshipCount, Object[] targets, Object[] splits,
        Object[] graphIds, TargetLinks links, int[] edgeTypes, int relations) {
    public StoredGraph(List<Node> nodes, float[] features, int featureWidth, List<Integer> propertyWidths,
            int[] senders, int[] receivers, long relationshipCount, Object[] targets, Object[] splits,
            Object[] graphIds) {
        this(nodes, features, featureWidth, propertyWidths, senders, receivers, relationshipCount, targets, splits,
                graphIds, null, null, 0);
    }

    public int nodeCount() {
        return nodes.size();
    }
}
