package org.erlangen.neo4j.read;

import java.util.List;
import org.erlangen.neo4j.config.GraphSpec;
import org.erlangen.neo4j.config.Orientation;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Transaction;

/**
 * The size of a selection without reading it, from Neo4j's count store (an upper bound when labels or types are
 * combined), and the feature width of its first node: enough to estimate memory before anything is read.
 */
public record SelectionSize(long nodes, long relationships, long edgeEntries, int featureWidth) {

    public static SelectionSize of(Transaction tx, GraphSpec spec) {
        long nodes = 0;
        if (spec.nodeLabels().isEmpty()) {
            nodes = count(tx, "MATCH (n) RETURN count(n) AS c");
        } else {
            for (String label : spec.nodeLabels()) {
                nodes += count(tx, "MATCH (n:" + quote(label) + ") RETURN count(n) AS c");
            }
        }
        long relationships = 0;
        if (spec.relationshipTypes().isEmpty()) {
            relationships = count(tx, "MATCH ()-[r]->() RETURN count(r) AS c");
        } else {
            for (String type : spec.relationshipTypes()) {
                relationships += count(tx, "MATCH ()-[r:" + quote(type) + "]->() RETURN count(r) AS c");
            }
        }
        long edges = spec.orientation() == Orientation.UNDIRECTED ? 2 * relationships : relationships;
        return new SelectionSize(nodes, relationships, edges, firstWidth(tx, spec));
    }

    private static int firstWidth(Transaction tx, GraphSpec spec) {
        Node first = null;
        if (spec.nodeLabels().isEmpty()) {
            try (var all = tx.getAllNodes(); var it = all.iterator()) {
                first = it.hasNext() ? it.next() : null;
            }
        } else {
            for (String label : spec.nodeLabels()) {
                try (var found = tx.findNodes(Label.label(label))) {
                    if (found.hasNext()) {
                        first = found.next();
                        break;
                    }
                }
            }
        }
        if (first == null) {
            return 0;
        }
        int width = 0;
        for (String property : spec.featureProperties()) {
            float[] values = Numbers.toFloats(first.getProperty(property, null));
            width += values == null ? 0 : values.length;
        }
        return width;
    }

    private static long count(Transaction tx, String query) {
        try (var result = tx.execute(query)) {
            return ((Number) result.next().get("c")).longValue();
        }
    }

    private static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

}
