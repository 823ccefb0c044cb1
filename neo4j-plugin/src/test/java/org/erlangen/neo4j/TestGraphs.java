package org.erlangen.neo4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Small graphs for the procedures, created through Cypher in a chosen order, so that the same graph can be stored
 * twice in different orders.
 */
public final class TestGraphs {
    private TestGraphs() {
    }

    public record Spec(List<Map<String, Object>> nodes, List<Map<String, Object>> edges) {
    }

    /**
     * The configuration of training on {@link #communities}: classify the {@code community} of {@code label} nodes
     * from their {@code features}; a mutable map, for the keys each test adds.
     */
    public static Map<String, Object> communityTask(String label) {
        Map<String, Object> c = new HashMap<>();
        c.put("task", "nodeClassification");
        c.put("nodeLabels", List.of(label));
        c.put("featureProperties", List.of("features"));
        c.put("targetProperty", "community");
        return c;
    }

    /**
     * Two communities of {@code n / 2} nodes: 4 features whose first is the community's sign plus noise, mostly
     * within-community KNOWS relationships, a class {@code community} ("red" or "blue") and a number {@code score}.
     */
    public static Spec communities(int n, long seed) {
        Random random = new Random(seed);
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int c = i < n / 2 ? 0 : 1;
            double[] f = new double[4];
            f[0] = (c == 0 ? -1 : 1) * 0.6 + random.nextGaussian() * 0.5;
            for (int k = 1; k < 4; k++) {
                f[k] = random.nextGaussian();
            }
            Map<String, Object> node = new HashMap<>();
            node.put("name", "p" + i);
            node.put("features", f);
            node.put("community", c == 0 ? "red" : "blue");
            node.put("score", 2.0 * f[0] - f[1] + 0.5);
            nodes.add(node);
        }
        List<Map<String, Object>> edges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                boolean same = random.nextDouble() < 0.9;
                int half = n / 2;
                int base = (i < half) == same ? 0 : half;
                int j = base + random.nextInt(half);
                if (j != i) {
                    edges.add(Map.of("s", "p" + i, "t", "p" + j));
                }
            }
        }
        return new Spec(nodes, edges);
    }

    /**
     * {@code count} small graphs with {@code graph} ids: rings of 3 to 10 nodes, each with a feature [1, degree/4];
     * {@code big} is true for rings of 7 or more, {@code size} is the node count.
     */
    public static Spec rings(int count, long seed) {
        Random random = new Random(seed);
        List<Map<String, Object>> nodes = new ArrayList<>();
        List<Map<String, Object>> edges = new ArrayList<>();
        for (int g = 0; g < count; g++) {
            int size = 3 + random.nextInt(8);
            for (int i = 0; i < size; i++) {
                Map<String, Object> node = new HashMap<>();
                node.put("name", "g" + g + "n" + i);
                node.put("graph", (long) g);
                node.put("features", new double[] {1.0, 0.5});
                node.put("big", size >= 7);
                node.put("size", (double) size);
                nodes.add(node);
                edges.add(Map.of("s", "g" + g + "n" + i, "t", "g" + g + "n" + ((i + 1) % size)));
            }
        }
        return new Spec(nodes, edges);
    }

    /**
     * Creates the graph with any label, type and feature property name, however hostile: they reach Cypher as
     * parameters (dynamic labels and types), never as query text. The nodes' {@code features} are stored under
     * {@code featureProperty}; an index on the temporary label {@code Seed} finds the relationships' ends.
     */
    public static void createNamed(TestDatabase db, Spec spec, String label, String type, String featureProperty) {
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (Map<String, Object> n : spec.nodes()) {
            Map<String, Object> node = new HashMap<>(n);
            node.put(featureProperty, node.remove("features"));
            nodes.add(node);
        }
        db.run("CREATE INDEX IF NOT EXISTS FOR (n:Seed) ON (n.name)");
        db.run("CALL db.awaitIndexes()");
        db.run("UNWIND $nodes AS n CREATE (x:Seed:$($label)) SET x = n", Map.of("nodes", nodes, "label", label));
        db.run("UNWIND $edges AS e MATCH (a:Seed {name: e.s}), (b:Seed {name: e.t}) CREATE (a)-[:$($type)]->(b)",
                Map.of("edges", spec.edges(), "type", type));
        db.run("MATCH (n:Seed) REMOVE n:Seed");
    }

    /** Creates the graph with {@code label} and {@code type}, nodes and relationships in an order drawn from seed. */
    public static void create(TestDatabase db, Spec spec, String label, String type, long orderSeed) {
        List<Map<String, Object>> nodes = new ArrayList<>(spec.nodes());
        List<Map<String, Object>> edges = new ArrayList<>(spec.edges());
        if (orderSeed != 0) {
            Collections.shuffle(nodes, new Random(orderSeed));
            Collections.shuffle(edges, new Random(orderSeed + 1));
        }
        db.run("CREATE INDEX IF NOT EXISTS FOR (n:" + label + ") ON (n.name)");
        db.run("CALL db.awaitIndexes()");
        db.run("UNWIND $nodes AS n CREATE (x:" + label + ") SET x = n", Map.of("nodes", nodes));
        db.run("UNWIND $edges AS e MATCH (a:" + label + " {name: e.s}), (b:" + label + " {name: e.t}) "
                + "CREATE (a)-[:" + type + "]->(b)", Map.of("edges", edges));
    }
}
