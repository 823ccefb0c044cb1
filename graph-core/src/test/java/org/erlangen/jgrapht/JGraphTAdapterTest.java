package org.erlangen.jgrapht;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.erlangen.graph.Graph;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.DirectedMultigraph;
import org.jgrapht.graph.Pseudograph;
import org.jgrapht.graph.SimpleWeightedGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class JGraphTAdapterTest {
    record Atom(String name, double charge, Integer kind) {
    }

    /** The graph's edges as "sender->receiver" strings of vertex names. */
    private static Set<String> edges(JGraphTAdapter<?, ?> a) {
        Graph g = a.graph();
        Set<String> out = new HashSet<>();
        int[] s = g.senders();
        int[] r = g.receivers();
        for (int e = 0; e < s.length; e++) {
            out.add(a.vertices().get(s[e]) + "->" + a.vertices().get(r[e]));
        }
        return out;
    }

    @Test
    void directedEdgesGoFromSourceToTarget() {
        var jg = new DefaultDirectedGraph<String, DefaultEdge>(DefaultEdge.class);
        for (String v : List.of("c", "a", "b")) {
            jg.addVertex(v);
        }
        jg.addEdge("a", "b");
        jg.addEdge("b", "c");
        jg.addEdge("c", "c");
        var adapter = JGraphTAdapter.from(jg).nodeFeatures(v -> new double[] {v.charAt(0), 1}).build();
        Graph g = adapter.graph();

        assertEquals(List.of("c", "a", "b"), adapter.vertices());
        assertEquals(Map.of("c", 0, "a", 1, "b", 2), adapter.vertexIndex());
        assertEquals(3, g.numEdges());
        assertEquals(Set.of("a->b", "b->c", "c->c"), edges(adapter));
        // a -> b: node b (2) receives from a (1); in-degrees count edges into each node.
        assertArrayEquals(new int[] {2, 0, 1}, g.inDegrees());
        assertArrayEquals(new int[] {1, 1, 1}, g.outDegrees());
        assertEquals(Nd4j.createFromArray(new float[][] {{'c', 1}, {'a', 1}, {'b', 1}}), g.nodeFeatures());
        for (int k = 0; k < g.numEdges(); k++) {
            DefaultEdge e = adapter.edge(k);
            assertEquals(jg.getEdgeSource(e), adapter.vertices().get(g.senders()[k]));
            assertEquals(jg.getEdgeTarget(e), adapter.vertices().get(g.receivers()[k]));
        }
    }

    @Test
    void undirectedEdgesGoBothWaysAndSelfLoopsOnce() {
        var jg = new Pseudograph<String, DefaultEdge>(DefaultEdge.class);
        for (String v : List.of("x", "y", "z")) {
            jg.addVertex(v);
        }
        jg.addEdge("x", "y");
        jg.addEdge("x", "y"); // a second, parallel edge is kept
        jg.addEdge("y", "z");
        jg.addEdge("z", "z");
        var adapter = JGraphTAdapter.from(jg).nodeFeatures(v -> new double[] {1}).build();
        Graph g = adapter.graph();
        assertEquals(7, g.numEdges());
        assertEquals(Set.of("x->y", "y->x", "y->z", "z->y", "z->z"), edges(adapter));
        assertArrayEquals(new int[] {2, 3, 2}, g.inDegrees());
        assertArrayEquals(g.inDegrees(), g.outDegrees());
    }

    @Test
    void featuresLabelsAndWeightsFollowVertexAndEdgeOrder() {
        var jg = new SimpleWeightedGraph<Atom, DefaultWeightedEdge>(DefaultWeightedEdge.class);
        Atom c = new Atom("C", -0.5, 0);
        Atom o = new Atom("O", 0.25, 1);
        Atom h = new Atom("H", 0.125, null);
        jg.addVertex(c);
        jg.addVertex(o);
        jg.addVertex(h);
        jg.setEdgeWeight(jg.addEdge(c, o), 2.0);
        jg.setEdgeWeight(jg.addEdge(c, h), 1.0);
        var adapter = JGraphTAdapter.from(jg)
                .nodeFeatures(a -> new double[] {a.charge()})
                .edgeFeatures(e -> new double[] {jg.getEdgeSource(e).charge() + jg.getEdgeTarget(e).charge()})
                .edgeWeights(true)
                .nodeLabels(Atom::kind)
                .dataType(DataType.DOUBLE)
                .build();
        Graph g = adapter.graph();
        assertEquals(Nd4j.createFromArray(new double[][] {{-0.5}, {0.25}, {0.125}}), g.nodeFeatures());
        assertEquals(Nd4j.createFromArray(0, 1, -1), g.nodeTargets());
        assertEquals(DataType.INT, g.nodeTargets().dataType());
        assertArrayEquals(new long[] {4, 2}, g.edgeFeatures().shape());
        for (int k = 0; k < 4; k++) {
            DefaultWeightedEdge e = adapter.edge(k);
            double sum = jg.getEdgeSource(e).charge() + jg.getEdgeTarget(e).charge();
            assertEquals(sum, g.edgeFeatures().getDouble(k, 0), 1e-12);
            assertEquals(jg.getEdgeWeight(e), g.edgeFeatures().getDouble(k, 1), 1e-12);
        }

        var values = JGraphTAdapter.from(jg).nodeValues(a -> a.kind() == null ? null : a.charge() * 2).build();
        INDArray t = values.graph().nodeTargets();
        assertEquals(-1.0, t.getDouble(0), 1e-6);
        assertEquals(0.5, t.getDouble(1), 1e-6);
        assertTrue(Double.isNaN(t.getDouble(2)));
    }

    @Test
    void resultsComeBackKeyedByTheUsersVertices() {
        var jg = new DefaultDirectedGraph<String, DefaultEdge>(DefaultEdge.class);
        for (String v : List.of("p", "q", "r")) {
            jg.addVertex(v);
        }
        var adapter = JGraphTAdapter.from(jg).build();
        INDArray logits = Nd4j.createFromArray(new float[][] {{0.1f, 2f, -1f}, {3f, 0f, 0f}, {0f, 0f, 5f}});
        assertEquals(Map.of("p", 1, "q", 0, "r", 2), adapter.classesByVertex(logits));
        assertEquals(List.of("p", "q", "r"), List.copyOf(adapter.classesByVertex(logits).keySet()));
        Map<String, double[]> rows = adapter.rowsByVertex(logits);
        assertArrayEquals(new double[] {3, 0, 0}, rows.get("q"), 1e-6);
        assertEquals(Map.of("p", 1.5, "q", -2.0, "r", 0.25),
                adapter.scoresByVertex(Nd4j.createFromArray(1.5, -2.0, 0.25).reshape(3, 1)));
        assertThrows(IllegalArgumentException.class, () -> adapter.classesByVertex(Nd4j.zeros(2, 3)));
        assertThrows(IllegalArgumentException.class, () -> adapter.scoresByVertex(Nd4j.zeros(3, 2)));
        assertEquals(1, adapter.indexOf("q"));
        assertThrows(IllegalArgumentException.class, () -> adapter.indexOf("s"));
    }

    @Test
    void badFeatureFunctionsNameTheVertexOrEdge() {
        var jg = new DirectedMultigraph<String, DefaultEdge>(DefaultEdge.class);
        for (String v : List.of("alpha", "beta", "gamma")) {
            jg.addVertex(v);
        }
        jg.addEdge("alpha", "beta");
        jg.addEdge("beta", "gamma");
        String nul = assertThrows(IllegalArgumentException.class, () -> JGraphTAdapter.from(jg)
                .nodeFeatures(v -> v.equals("beta") ? null : new double[] {1}).build()).getMessage();
        assertTrue(nul.contains("beta") && nul.contains("null"), nul);
        String len = assertThrows(IllegalArgumentException.class, () -> JGraphTAdapter.from(jg)
                .nodeFeatures(v -> new double[v.length()]).build()).getMessage();
        assertTrue(len.contains("beta") && len.contains("alpha") && len.contains("4") && len.contains("5"), len);
        String edge = assertThrows(IllegalArgumentException.class, () -> JGraphTAdapter.from(jg)
                .edgeFeatures(e -> jg.getEdgeSource(e).equals("beta") ? new double[2] : new double[1]).build())
                .getMessage();
        assertTrue(edge.contains("beta -> gamma"), edge);
        String label = assertThrows(IllegalArgumentException.class, () -> JGraphTAdapter.from(jg)
                .nodeLabels(v -> -2).build()).getMessage();
        assertTrue(label.contains("alpha") && label.contains("-2"), label);
    }
}
