package org.erlangen.neo4j.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.erlangen.neo4j.TestDatabase;
import org.erlangen.neo4j.config.Orientation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.RelationshipType;
import org.neo4j.graphdb.Transaction;
import org.neo4j.kernel.api.KernelTransaction;
import org.neo4j.kernel.impl.coreapi.InternalTransaction;
import org.neo4j.procedure.TerminationGuard;

/** Both ways of reading relationships give the same edges, with the direction each orientation asks for. */
class EdgeReaderTest {
    private static final TerminationGuard NEVER_TERMINATED = () -> { };

    @RegisterExtension
    static final TestDatabase db = TestDatabase.create().keepingDataBetweenTests();

    @BeforeAll
    static void createGraph() {
        // a0 -R-> a1 -R-> a2 -S-> a3, a loop on a3, and relationships to and among unselected B nodes
        db.run("CREATE (a0:A {k: 0}), (a1:A {k: 1}), (a2:A {k: 2}), (a3:A {k: 3}), (a4:A {k: 4}), (b0:B), (b1:B), "
                + "(a0)-[:R]->(a1), (a1)-[:R]->(a2), (a2)-[:S]->(a3), (a3)-[:R]->(a3), (a4)-[:R]->(b0), "
                + "(b0)-[:R]->(b1)");
    }

    @Test
    void naturalFollowsTheRelationshipReverseAgainstItUndirectedBothWaysWithALoopOnce() {
        try (Transaction tx = db.database().beginTx()) {
            Selected a = select(tx);
            List<String> natural = List.of("0>1", "1>2", "3>3");
            List<String> reverse = List.of("1>0", "2>1", "3>3");
            List<String> undirected = List.of("0>1", "1>0", "1>2", "2>1", "3>3");
            assertBoth(a, List.of("R"), Orientation.NATURAL, natural, 3);
            assertBoth(a, List.of("R"), Orientation.REVERSE, reverse, 3);
            assertBoth(a, List.of("R"), Orientation.UNDIRECTED, undirected, 3);
            assertBoth(a, List.of(), Orientation.NATURAL, List.of("0>1", "1>2", "2>3", "3>3"), 4);
            assertBoth(a, List.of("R", "S", "NO_SUCH_TYPE"), Orientation.NATURAL,
                    List.of("0>1", "1>2", "2>3", "3>3"), 4);
            assertBoth(a, List.of("NO_SUCH_TYPE"), Orientation.NATURAL, List.of(), 0);
        }
    }

    @Test
    void relationshipsCreatedInTheCallersTransactionAreSeenBothWays() {
        try (Transaction tx = db.database().beginTx()) {
            Node a4 = tx.findNode(Label.label("A"), "k", 4L);
            Node a0 = tx.findNode(Label.label("A"), "k", 0L);
            a4.createRelationshipTo(a0, RelationshipType.withName("R"));
            assertBoth(select(tx), List.of("R"), Orientation.NATURAL, List.of("0>1", "1>2", "3>3", "4>0"), 4);
            tx.rollback();
        }
    }

    @Test
    void aScanIsChosenWhenAQuarterOfTheNodesOrMoreAreSelected() {
        assertEquals(true, EdgeReader.prefersScan(25, 100));
        assertEquals(false, EdgeReader.prefersScan(24, 100));
    }

    private record Selected(KernelTransaction ktx, long[] ids, NodeIndex index, long[] keys) {
    }

    /** The A nodes, in an order unrelated to their keys, so edge lists are compared by key. */
    @SuppressWarnings("deprecation")
    private static Selected select(Transaction tx) {
        List<Node> nodes = new ArrayList<>();
        tx.findNodes(Label.label("A")).forEachRemaining(nodes::add);
        Collections.reverse(nodes);
        long[] ids = nodes.stream().mapToLong(Node::getId).toArray();
        long[] keys = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            keys[i] = (Long) nodes.get(i).getProperty("k");
        }
        return new Selected(((InternalTransaction) tx).kernelTransaction(), ids, NodeIndex.of(ids), keys);
    }

    private static void assertBoth(Selected a, List<String> typeNames, Orientation orientation, List<String> expected,
            long relationships) {
        String what = orientation + " " + typeNames;
        int[] types = EdgeReader.types(a.ktx.tokenRead(), typeNames);
        if (types == null) {
            EdgeReader.Edges none = EdgeReader.read(a.ktx, NEVER_TERMINATED, new ParallelRanges(a.ktx,
                    NEVER_TERMINATED, 2), a.ids, a.index, typeNames, orientation);
            assertEquals(expected, byKey(a, none), what);
            assertEquals(relationships, none.relationships(), what);
            return;
        }
        EdgeReader.Edges scanned = EdgeReader.scan(a.ktx, NEVER_TERMINATED, a.index, types, orientation);
        EdgeReader.Edges traversed = EdgeReader.traverse(new ParallelRanges(a.ktx, NEVER_TERMINATED, 2), a.ids,
                a.index, types, orientation);
        assertEquals(expected, byKey(a, scanned), "scan, " + what);
        assertEquals(expected, byKey(a, traversed), "traversal, " + what);
        assertEquals(relationships, scanned.relationships(), "scan, " + what);
        assertEquals(relationships, traversed.relationships(), "traversal, " + what);
    }

    private static List<String> byKey(Selected a, EdgeReader.Edges edges) {
        List<String> out = new ArrayList<>();
        for (int e = 0; e < edges.senders().length; e++) {
            out.add(a.keys[edges.senders()[e]] + ">" + a.keys[edges.receivers()[e]]);
        }
        Collections.sort(out);
        return out;
    }
}
