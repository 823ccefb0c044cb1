package org.erlangen.neo4j.read;

import java.util.List;
import java.util.function.ToIntFunction;
import org.erlangen.neo4j.config.GraphSpec;
import org.erlangen.neo4j.config.Orientation;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Transaction;
import org.neo4j.internal.kernel.api.Read;
import org.neo4j.kernel.api.KernelTransaction;
import org.neo4j.kernel.impl.coreapi.InternalTransaction;
import org.neo4j.token.api.TokenConstants;

/**
 * The size of a selection without reading it, from Neo4j's count store (an upper bound when labels or types are
 * combined; relationships counted by the labels they start and end at), and the feature width of its first node:
 * enough to estimate memory before anything is read.
 */
public record SelectionSize(long nodes, long relationships, long edgeEntries, int featureWidth) {

    public static SelectionSize of(Transaction tx, GraphSpec spec) {
        KernelTransaction ktx = ((InternalTransaction) tx).kernelTransaction();
        Read read = ktx.dataRead();
        int[] labels = tokens(spec.nodeLabels(), ktx.tokenRead()::nodeLabel, TokenConstants.ANY_LABEL);
        int[] types = tokens(spec.relationshipTypes(), ktx.tokenRead()::relationshipType,
                TokenConstants.ANY_RELATIONSHIP_TYPE);
        long nodes = 0;
        for (int label : labels) {
            nodes += read.countsForNode(label);
        }
        // every selected relationship starts at a node with a selected label and ends at one
        long starting = 0;
        long ending = 0;
        for (int type : types) {
            for (int label : labels) {
                starting += read.countsForRelationship(label, type, TokenConstants.ANY_LABEL);
                ending += read.countsForRelationship(TokenConstants.ANY_LABEL, type, label);
            }
        }
        long relationships = Math.min(starting, ending);
        long edges = spec.orientation() == Orientation.UNDIRECTED ? 2 * relationships : relationships;
        return new SelectionSize(nodes, relationships, edges, firstWidth(tx, spec));
    }

    /**
     * The token ids of the named labels or types, looked up, never pasted into a query: a name no token has counts
     * nothing. No names means all of them ({@code any}).
     */
    private static int[] tokens(List<String> names, ToIntFunction<String> lookup, int any) {
        if (names.isEmpty()) {
            return new int[] {any};
        }
        return names.stream().mapToInt(lookup).filter(t -> t != TokenConstants.NO_TOKEN).toArray();
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

}
