package org.erlangen.neo4j.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.erlangen.neo4j.TestDatabase;
import org.erlangen.neo4j.config.GraphSpec;
import org.erlangen.neo4j.config.Orientation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.neo4j.graphdb.Transaction;

/** The in-degrees an {@code .estimate} scan counts for a sampled training, in each orientation. */
class SelectionScanTest {
    @RegisterExtension
    static final TestDatabase db = TestDatabase.create().keepingDataBetweenTests();

    @BeforeAll
    static void createGraph() {
        // a0 -R-> a1 -R-> a2 -S-> a3, a loop on a3, and a4 -R-> b0, an unselected node
        db.run("CREATE (a0:A {f: 0.0}), (a1:A {f: 1.0}), (a2:A {f: 2.0}), (a3:A {f: 3.0}), (a4:A {f: 4.0}), (b0:B), "
                + "(a0)-[:R]->(a1), (a1)-[:R]->(a2), (a2)-[:S]->(a3), (a3)-[:R]->(a3), (a4)-[:R]->(b0)");
    }

    @Test
    void eachNodeReceivesAlongTheRelationshipsTheOrientationTurnsTowardsIt() {
        try (Transaction tx = db.database().beginTx()) {
            // NATURAL: in-degrees 0, 1, 1, 1 (the loop), 0; out-edges 1, 1, 0, 1, 1 (a4's to b0: an upper bound)
            assertDegrees(tx, Orientation.NATURAL, List.of("R"), new int[] {0, 1}, new long[] {2, 3},
                    new long[] {2, 2});
            // REVERSE: in-degrees 1, 1, 0, 1, 1; out-edges 0, 1, 1, 1, 0
            assertDegrees(tx, Orientation.REVERSE, List.of("R"), new int[] {0, 1}, new long[] {1, 4},
                    new long[] {1, 2});
            // UNDIRECTED: both ways, the loop once: degrees 1, 2, 1, 1, 1
            assertDegrees(tx, Orientation.UNDIRECTED, List.of("R"), new int[] {1, 2}, new long[] {4, 1},
                    new long[] {4, 2});
            // every type: a2 -S-> a3 adds to a3's in-degree and a2's out-edges
            assertDegrees(tx, Orientation.NATURAL, List.of(), new int[] {0, 1, 2}, new long[] {2, 2, 1},
                    new long[] {2, 2, 1});
        }
    }

    @Test
    void noInDegreesUnlessAskedFor() {
        try (Transaction tx = db.database().beginTx()) {
            assertNull(SelectionScan.of(tx, spec(Orientation.NATURAL, List.of("R")), null).inDegrees());
        }
    }

    private static void assertDegrees(Transaction tx, Orientation orientation, List<String> types, int[] degrees,
            long[] nodes, long[] outEdges) {
        InDegrees d = SelectionScan.of(tx, spec(orientation, types), null, true).inDegrees();
        String what = orientation + " " + types;
        assertArrayEquals(degrees, d.degrees(), what);
        assertArrayEquals(nodes, d.nodes(), what);
        assertArrayEquals(outEdges, d.outEdges(), what);
    }

    private static GraphSpec spec(Orientation orientation, List<String> types) {
        return new GraphSpec(List.of("A"), types, orientation, List.of("f"), null);
    }
}
