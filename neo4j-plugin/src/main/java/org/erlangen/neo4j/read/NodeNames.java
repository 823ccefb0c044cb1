package org.erlangen.neo4j.read;

import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.neo4j.graphdb.Node;

/** How error messages name a node: its element id and labels, which a user can look up with Cypher. */
public final class NodeNames {
    private NodeNames() {
    }

    public static String of(Node node) {
        String labels = StreamSupport.stream(node.getLabels().spliterator(), false).map(l -> ":" + l.name())
                .collect(Collectors.joining());
        return "(" + labels + (labels.isEmpty() ? "" : " ") + "elementId '" + node.getElementId() + "')";
    }
}
