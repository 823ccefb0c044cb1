package org.erlangen.io;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.erlangen.graph.Graph;

/**
 * A graph read from an edge list, with the mapping between the file's node ids and graph node indices.
 */
public final class EdgeList {
    private final Graph graph;
    private final List<String> nodeIds;
    private final Map<String, Integer> indexOf;
    private final boolean directed;
    private final boolean weighted;
    private final int duplicatesDropped;

    EdgeList(Graph graph, List<String> nodeIds, boolean directed, boolean weighted, int duplicatesDropped) {
        this.graph = graph;
        this.nodeIds = List.copyOf(nodeIds);
        this.indexOf = new HashMap<>();
        for (int i = 0; i < nodeIds.size(); i++) {
            indexOf.put(nodeIds.get(i), i);
        }
        this.directed = directed;
        this.weighted = weighted;
        this.duplicatesDropped = duplicatesDropped;
    }

    /** The graph; with weights, edge features are one FLOAT column holding each edge's weight. */
    public Graph graph() {
        return graph;
    }

    /** The file's id of each graph node, by index. */
    public List<String> nodeIds() {
        return nodeIds;
    }

    /** The graph node index of a file id. */
    public int indexOf(String nodeId) {
        Integer i = indexOf.get(nodeId);
        if (i == null) {
            throw new IllegalArgumentException("no node with id '" + nodeId + "'");
        }
        return i;
    }

    /** False when each line was stored in both directions. */
    public boolean directed() {
        return directed;
    }

    public boolean weighted() {
        return weighted;
    }

    /** Edges left out because the same (sender, receiver) pair came earlier in the file. */
    public int duplicatesDropped() {
        return duplicatesDropped;
    }
}
