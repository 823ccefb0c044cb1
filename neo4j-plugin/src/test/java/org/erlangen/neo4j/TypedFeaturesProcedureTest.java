package org.erlangen.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;
import org.neo4j.driver.exceptions.ClientException;

/**
 * Several node labels, each with its own feature properties ({@code featureProperties} as a map), over Bolt:
 * customers are classified by what the products they bought cost, which only the products' own property says.
 */
class TypedFeaturesProcedureTest {
    @RegisterExtension
    static final TestDatabase db = TestDatabase.create();

    @BeforeEach
    void createShop() {
        Random random = new Random(11);
        List<Map<String, Object>> customers = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            boolean rich = i % 2 == 0;
            customers.add(Map.of("name", "c" + i, "age", 20 + random.nextInt(50), "visits",
                    List.of(random.nextGaussian(), random.nextGaussian()), "segment", rich ? "premium" : "budget"));
        }
        List<Map<String, Object>> products = new ArrayList<>();
        for (int j = 0; j < 20; j++) {
            products.add(Map.of("name", "p" + j, "price", j < 10 ? 5.0 + random.nextDouble() : 80.0
                    + 20 * random.nextDouble()));
        }
        db.run("UNWIND $c AS c CREATE (:Customer {name: c.name, age: c.age, visits: c.visits, segment: c.segment})",
                Map.of("c", customers));
        db.run("UNWIND $p AS p CREATE (:Product {name: p.name, price: p.price})", Map.of("p", products));
        // premium customers buy expensive products (p10..p19), budget customers cheap ones (p0..p9)
        List<Map<String, Object>> bought = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            for (int k = 0; k < 3; k++) {
                bought.add(Map.of("c", "c" + i, "p", "p" + ((i % 2 == 0 ? 10 : 0) + random.nextInt(10))));
            }
        }
        db.run("UNWIND $b AS b MATCH (c:Customer {name: b.c}), (p:Product {name: b.p}) MERGE (c)-[:BOUGHT]->(p)",
                Map.of("b", bought));
    }

    private static Map<String, Object> config() {
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("Customer", List.of("age", "visits"));
        features.put("Product", "price");
        Map<String, Object> c = new HashMap<>();
        c.put("task", "nodeClassification");
        c.put("nodeLabels", List.of("Customer", "Product"));
        c.put("featureProperties", features);
        c.put("targetProperty", "segment");
        c.put("orientation", "UNDIRECTED");
        c.put("epochs", 60);
        c.put("hidden", 16);
        c.put("seed", 2);
        return c;
    }

    @Test
    void eachLabelBringsItsOwnFeatures() {
        Record row = db.single("CALL erlangen.model.train('shop', $c)", Map.of("c", config()));
        assertEquals(80, row.get("trainCount").asLong() + row.get("validationCount").asLong()
                + row.get("testCount").asLong(), "only customers carry the target");
        assertTrue(row.get("testMetric").asDouble() >= 0.875, row.asMap().toString());
        Record model = db.single("CALL erlangen.model.list() YIELD featureProperties RETURN featureProperties",
                Map.of());
        assertEquals(List.of("age", "visits", "price"), model.get("featureProperties").asList(Value::asString));

        // predictions for customers alone: products' columns keep the widths the model learnt
        List<Record> predictions = db.run("CALL erlangen.predict.stream('shop', {nodeLabels: ['Customer', "
                + "'Product']}) YIELD nodeId, prediction MATCH (c:Customer) WHERE elementId(c) = nodeId "
                + "RETURN c.segment AS truth, prediction");
        assertEquals(80, predictions.size());
        long right = predictions.stream().filter(r -> r.get("truth").asString().equals(r.get("prediction")
                .asString())).count();
        assertTrue(right >= 70, right + " of 80 customers");
        assertEquals(80, db.run("CALL erlangen.predict.stream('shop', {nodeLabels: 'Customer'})").size());

        // a label may bring no properties: its nodes are told apart by their type alone
        Map<String, Object> bare = config();
        bare.put("featureProperties", Map.of("Customer", List.of("age", "visits"), "Product", List.of()));
        Record typeOnly = db.single("CALL erlangen.model.train('bare', $c)", Map.of("c", bare));
        assertEquals(80, typeOnly.get("trainCount").asLong() + typeOnly.get("validationCount").asLong()
                + typeOnly.get("testCount").asLong());
        assertEquals(80, db.run("CALL erlangen.predict.stream('bare', {nodeLabels: 'Customer'})").size());
    }

    @Test
    void aLabelMissingFromTheFeatureMapIsRefused() {
        String before = db.single("MATCH (n) RETURN count(n) AS n, sum(size(keys(n))) AS keys", Map.of()).asMap()
                .toString();
        Map<String, Object> c = config();
        c.put("nodeLabels", List.of("Customer", "Product", "Supplier"));
        ClientException e = assertThrows(ClientException.class, () -> db.run("CALL erlangen.model.train('m', $c)",
                Map.of("c", c)));
        assertTrue(e.getMessage().contains("featureProperties has no entry for label 'Supplier'"), e.getMessage());
        Map<String, Object> extra = config();
        extra.put("nodeLabels", List.of("Customer"));
        ClientException e2 = assertThrows(ClientException.class, () -> db.run("CALL erlangen.model.train('m', $c)",
                Map.of("c", extra)));
        assertTrue(e2.getMessage().contains("names label 'Product', which nodeLabels [Customer] does not select"),
                e2.getMessage());
        Map<String, Object> missing = config();
        missing.put("featureProperties", Map.of("Customer", List.of("age"), "Product", List.of("weight")));
        ClientException e3 = assertThrows(ClientException.class, () -> db.run(
                "CALL erlangen.model.train('m', $c)", Map.of("c", missing)));
        assertTrue(e3.getMessage().contains("missing feature property 'weight' of label Product on 20 of 100 nodes"),
                e3.getMessage());
        assertEquals(before, db.single("MATCH (n) RETURN count(n) AS n, sum(size(keys(n))) AS keys", Map.of())
                .asMap().toString());
    }
}
