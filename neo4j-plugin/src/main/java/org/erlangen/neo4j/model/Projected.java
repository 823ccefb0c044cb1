package org.erlangen.neo4j.model;

import java.util.List;
import org.erlangen.graph.Graph;
import org.erlangen.neo4j.read.StoredGraph;
import org.erlangen.sparse.Csr;
import org.neo4j.graphdb.Node;

/**
 * A link model's input when it reads a random projection: each node's properties, then its projection columns,
 * computed over the graph its messages pass over. A node's starting vector follows from its id, so it keeps it
 * between training and predictions however the selection is read.
 */
public final class Projected {
    private Projected() {
    }

    /**
     * Each node's {@code width} features from {@code features}, then its projection columns over {@code adjacency}
     * (rows receive from columns), row-major.
     */
    static float[] features(Csr adjacency, List<Node> nodes, float[] features, int width,
            LinkSpec.Projection projection) {
        float[] encoded = projection.encoder().encode(adjacency, keys(nodes));
        return concat(features, width, encoded, projection.dimension(), nodes.size());
    }

    /** The stored graph with the projection's columns after its features, over its own edges. */
    public static StoredGraph features(StoredGraph stored, LinkSpec.Projection projection) {
        int n = stored.nodeCount();
        Csr adjacency = Graph.builder(n).edges(stored.senders(), stored.receivers()).build().adjacency();
        return new StoredGraph(stored.nodes(), features(adjacency, stored.nodes(), stored.features(),
                stored.featureWidth(), projection), stored.featureWidth() + projection.dimension(),
                stored.propertyWidths(), stored.senders(), stored.receivers(), stored.relationshipCount(),
                stored.targets(), stored.splits(), stored.graphIds(), stored.links(), stored.edgeTypes(),
                stored.relations());
    }

    private static float[] concat(float[] own, int width, float[] encoded, int d, int n) {
        if (width == 0) {
            return encoded;
        }
        float[] out = new float[n * (width + d)];
        for (int v = 0; v < n; v++) {
            System.arraycopy(own, v * width, out, v * (width + d), width);
            System.arraycopy(encoded, v * d, out, v * (width + d) + width, d);
        }
        return out;
    }

    /** Each node's id, the node's own while it exists, whatever order a read finds the nodes in. */
    @SuppressWarnings("deprecation")
    private static long[] keys(List<Node> nodes) {
        long[] keys = new long[nodes.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = nodes.get(i).getId();
        }
        return keys;
    }
}
