package org.erlangen.spark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/** A generated graph stored in Neo4j as {@code (:Paper {v, features, label})-[:CITES]->(:Paper)}. */
final class Papers {
    private Papers() {
    }

    static void store(Driver driver, GeneratedGraph graph) {
        try (Session session = driver.session()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int v = 0; v < graph.nodes(); v++) {
                float[] x = graph.featureRow(v);
                double[] values = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    values[i] = x[i];
                }
                rows.add(Map.of("v", v, "features", values, "label", graph.label(v)));
            }
            session.run("CREATE INDEX paper_v IF NOT EXISTS FOR (p:Paper) ON (p.v)").consume();
            session.run("UNWIND $rows AS row CREATE (:Paper {v: row.v, features: row.features, label: row.label})",
                    Map.of("rows", rows)).consume();
            List<Map<String, Object>> edges = new ArrayList<>();
            for (int s = 0; s < graph.slices(); s++) {
                for (int[] e : graph.edgeSlice(s)) {
                    edges.add(Map.of("s", e[0], "r", e[1]));
                }
            }
            session.run("UNWIND $edges AS e MATCH (a:Paper {v: e.s}), (b:Paper {v: e.r}) CREATE (a)-[:CITES]->(b)",
                    Map.of("edges", edges)).consume();
        }
    }

    /** The node ids by {@code v} (the generated graph's node index). */
    static Map<Long, Integer> indexById(Driver driver) {
        Map<Long, Integer> out = new HashMap<>();
        try (Session session = driver.session()) {
            session.run("MATCH (p:Paper) RETURN id(p) AS id, p.v AS v")
                    .forEachRemaining(r -> out.put(r.get("id").asLong(), r.get("v").asInt()));
        }
        return out;
    }

    /** Property {@code property} of every paper that has it, by node id. */
    static Map<Long, Object> stored(Driver driver, String property) {
        Map<Long, Object> out = new HashMap<>();
        try (Session session = driver.session()) {
            session.run("MATCH (n:Paper) WHERE n." + property + " IS NOT NULL RETURN id(n) AS id, n." + property
                    + " AS p").forEachRemaining(r -> out.put(r.get("id").asLong(), r.get("p").asInt()));
        }
        return out;
    }
}
