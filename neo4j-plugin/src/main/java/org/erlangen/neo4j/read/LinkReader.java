package org.erlangen.neo4j.read;

import java.util.List;
import org.erlangen.primitives.IntList;
import org.neo4j.graphdb.Node;
import org.neo4j.internal.kernel.api.RelationshipScanCursor;
import org.neo4j.kernel.api.KernelTransaction;
import org.neo4j.procedure.TerminationGuard;
import org.neo4j.token.api.TokenConstants;

/**
 * Reads the relationships of one type with a scan of the relationship store, keeping those between selected nodes
 * and counting those that leave the selection: a link-prediction model must see both ends of what it learns.
 */
final class LinkReader {
    private LinkReader() {
    }

    /**
     * @param refuseOutside whether a relationship with one end outside the selection is an error (training), or is
     *     left out (predicting, where only links between selected nodes matter)
     */
    static TargetLinks read(KernelTransaction ktx, TerminationGuard guard, NodeIndex index, List<Node> nodes,
            String type, boolean refuseOutside) {
        int token = ktx.tokenRead().relationshipType(type);
        IntList starts = new IntList(1024);
        IntList ends = new IntList(1024);
        long outside = 0;
        String example = null;
        if (token != TokenConstants.NO_TOKEN) {
            try (RelationshipScanCursor rel = ktx.cursors().allocateRelationshipScanCursor(ktx.cursorContext(),
                    ktx.memoryTracker())) {
                ktx.dataRead().allRelationshipsScan(rel);
                int seen = 0;
                while (rel.next()) {
                    if ((++seen & 0xFFFF) == 0) {
                        guard.check();
                    }
                    if (rel.type() != token) {
                        continue;
                    }
                    int start = index.get(rel.sourceNodeReference());
                    int end = index.get(rel.targetNodeReference());
                    if (start >= 0 && end >= 0) {
                        starts.add(start);
                        ends.add(end);
                    } else if (start >= 0 || end >= 0) {
                        outside++;
                        if (example == null) {
                            example = (start >= 0 ? "from node " + NodeNames.of(nodes.get(start))
                                    : "to node " + NodeNames.of(nodes.get(end))) + " to a node outside it";
                        }
                    }
                }
            }
        }
        if (refuseOutside && outside > 0) {
            throw new IllegalArgumentException(outside + " of " + (starts.size() + outside) + " relationships of "
                    + "targetRelationshipType '" + type + "' that touch the selection leave it, e.g. one " + example
                    + ": a link-prediction model must see both ends of every link it learns; add the other ends' "
                    + "labels to nodeLabels");
        }
        if (refuseOutside && starts.size() == 0) {
            throw new IllegalArgumentException("there are no relationships of targetRelationshipType '" + type
                    + "' between the selected nodes: nothing to learn");
        }
        return new TargetLinks(type, starts.toArray(), ends.toArray(), List.of());
    }
}
