package org.erlangen.jgrapht;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.erlangen.graph.HeteroGraph;
import org.erlangen.graph.RelationalGraph;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultUndirectedGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** Customers buy products that suppliers supply: a small store graph from JGraphT with types and features. */
class JGraphTHeteroTest {
    /** An edge that knows its relationship type, as a Neo4j relationship does. */
    record Rel(String type, String from, String to) {
    }

    private static String label(String v) {
        return v.startsWith("c") ? "Customer" : v.startsWith("p") ? "Product" : "Supplier";
    }

    private static Graph<String, Rel> store() {
        Graph<String, Rel> g = new DefaultDirectedGraph<>(Rel.class);
        for (String v : List.of("c1", "p1", "c2", "p2", "s1", "p3")) {
            g.addVertex(v);
        }
        for (String[] e : new String[][] {{"BOUGHT", "c1", "p1"}, {"BOUGHT", "c1", "p2"}, {"BOUGHT", "c2", "p2"},
                {"SUPPLIES", "s1", "p1"}, {"SUPPLIES", "s1", "p3"}, {"KNOWS", "c1", "c2"}}) {
            g.addEdge(e[1], e[2], new Rel(e[0], e[1], e[2]));
        }
        return g;
    }

    @Test
    void typesFeaturesAndEdgesComeFromTheTypeFunctions() {
        JGraphTHetero<String, Rel> h = JGraphTHetero.from(store(), JGraphTHeteroTest::label, Rel::type)
                .features("Product", v -> new double[] {v.charAt(1) - '0', 1})
                .build();
        HeteroGraph g = h.graph();
        assertEquals(List.of("Customer", "Product", "Supplier"), g.nodeTypes());
        assertEquals(List.of("c1", "c2"), h.vertices("Customer"));
        assertEquals(List.of("p1", "p2", "p3"), h.vertices("Product"));
        assertEquals(0, g.nodeType("Customer").featureWidth());
        assertEquals(2, g.nodeType("Product").featureWidth());
        assertEquals(3.0, g.nodeType("Product").features().getDouble(2, 0), 0);
        var bought = new HeteroGraph.EdgeType("Customer", "BOUGHT", "Product");
        assertEquals(List.of(bought, new HeteroGraph.EdgeType("Supplier", "SUPPLIES", "Product"),
                new HeteroGraph.EdgeType("Customer", "KNOWS", "Customer")), g.edgeTypes());
        assertArrayEquals(new int[] {0, 0, 1}, g.edges(bought).senders());
        assertArrayEquals(new int[] {0, 1, 1}, g.edges(bought).receivers());

        // one numbering for relational layers: customers 0-1, products 2-4, the supplier 5
        RelationalGraph r = g.toRelational();
        assertEquals(6, r.numNodes());
        assertEquals(3, r.relationCount());
        assertEquals(2, g.offset("Product"));
        assertArrayEquals(new int[] {0, 0, 1, 1, 1, 2}, g.typeOfNodes());
        assertArrayEquals(new int[] {0, 0, 1, 5, 5, 0}, r.senders());
        assertArrayEquals(new int[] {2, 3, 3, 2, 4, 1}, r.receivers());
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 2}, r.types());

        Map<String, double[]> rows = h.rowsByVertex("Product", Nd4j.createFromArray(new double[][] {{1}, {2}, {3}}));
        assertArrayEquals(new double[] {3}, rows.get("p3"), 0);
        assertEquals(1, h.indexOf("c2"));
    }

    @Test
    void undirectedEdgesGoBothWaysAsTheirOwnTypes() {
        Graph<String, Rel> g = new DefaultUndirectedGraph<>(Rel.class);
        g.addVertex("c1");
        g.addVertex("p1");
        g.addEdge("c1", "p1", new Rel("BOUGHT", "c1", "p1"));
        HeteroGraph h = JGraphTHetero.from(g, JGraphTHeteroTest::label, Rel::type).build().graph();
        assertEquals(List.of(new HeteroGraph.EdgeType("Customer", "BOUGHT", "Product"),
                new HeteroGraph.EdgeType("Product", "BOUGHT", "Customer")), h.edgeTypes());
    }

    @Test
    void badInputIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> JGraphTHetero.from(store(),
                JGraphTHeteroTest::label, Rel::type).features("Product", v -> v.equals("p2") ? new double[] {1}
                        : new double[] {1, 2}).build());
        assertTrue(e.getMessage().contains("Product vertex p2 has 1 features"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> JGraphTHetero.from(store(), JGraphTHeteroTest::label,
                Rel::type).features("Shop", v -> new double[] {1}).build());
        assertTrue(e.getMessage().contains("node type 'Shop', which no vertex has"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HeteroGraph.builder().nodes("A", 2)
                .edges(new HeteroGraph.EdgeType("A", "R", "B"), new int[] {0}, new int[] {0}));
        assertTrue(e.getMessage().contains("node type 'B', which was not added"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HeteroGraph.builder().nodes("A", 2).nodes("B", 1)
                .edges(new HeteroGraph.EdgeType("A", "R", "B"), new int[] {0}, new int[] {1}));
        assertTrue(e.getMessage().contains("(A)-[R]->(B): edge 0 ends at B 1, outside its 1 nodes"), e.getMessage());
    }
}
