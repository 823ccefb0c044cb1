package org.erlangen.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.erlangen.io.ModelFile;
import org.erlangen.neo4j.catalog.ModelCatalog;
import org.erlangen.testing.BusinessGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.neo4j.driver.Record;
import org.neo4j.driver.exceptions.ClientException;

/**
 * Properties in business units (ages, incomes, flags) train through Cypher as well as standardised ones, because the
 * model standardises them with the training nodes' statistics and keeps those statistics in its file; a model that
 * learnt a constant says so in the {@code warnings} column; values that are not finite are refused by node.
 */
class ScaledFeaturesProcedureTest {
    @RegisterExtension
    static final TestDatabase db = TestDatabase.create();

    /** Customers with age, income, flag, the by-hand standardised ageStd and incomeStd, buyer and a 60/20/20 split. */
    private static void createCustomers(BusinessGraph business) {
        double[][] standardised = business.standardisedFeatures();
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (int v = 0; v < business.nodes(); v++) {
            Map<String, Object> node = new HashMap<>();
            node.put("name", "c" + v);
            node.put("age", business.age()[v]);
            node.put("income", business.income()[v]);
            node.put("flag", (long) business.flag()[v]);
            node.put("ageStd", standardised[v][0]);
            node.put("incomeStd", standardised[v][1]);
            node.put("buyer", business.label()[v] == 1 ? "yes" : "no");
            node.put("split", v % 5 < 3 ? "train" : v % 5 == 3 ? "validation" : "test");
            nodes.add(node);
        }
        List<Map<String, Object>> links = new ArrayList<>();
        for (int e = 0; e < business.senders().length; e++) {
            links.add(Map.of("s", "c" + business.senders()[e], "t", "c" + business.receivers()[e]));
        }
        TestGraphs.create(db, new TestGraphs.Spec(nodes, links), "Customer", "KNOWS", 0);
    }

    private static Map<String, Object> config(List<String> features, long seed) {
        Map<String, Object> c = new HashMap<>();
        c.put("task", "nodeClassification");
        c.put("nodeLabels", List.of("Customer"));
        c.put("relationshipTypes", List.of("KNOWS"));
        c.put("orientation", "UNDIRECTED");
        c.put("featureProperties", features);
        c.put("targetProperty", "buyer");
        c.put("splitProperty", "split");
        c.put("seed", seed);
        return c;
    }

    private static Record train(String name, Map<String, Object> config) {
        return db.single("CALL erlangen.model.train($name, $config)", Map.of("name", name, "config", config));
    }

    private static List<Object> stream(String model) {
        return db.run("CALL erlangen.predict.stream($m) YIELD nodeId, probabilities "
                + "RETURN nodeId, probabilities ORDER BY nodeId", Map.of("m", model)).stream()
                .map(r -> (Object) List.of(r.get("nodeId").asString(), r.get("probabilities").asList())).toList();
    }

    @Test
    void businessScalesTrainToWithinTwoPointsOfStandardisedProperties() {
        createCustomers(BusinessGraph.generate(600, 3, 1));
        double scaled = 0;
        double standardised = 0;
        double unscaled = 0;
        for (long seed = 1; seed <= 3; seed++) {
            Record raw = train("raw" + seed, config(List.of("age", "income", "flag"), seed));
            assertEquals(List.of(), raw.get("warnings").asList(), raw.asMap().toString());
            Map<String, Object> byHand = config(List.of("ageStd", "incomeStd", "flag"), seed);
            byHand.put("scaleFeatures", false);
            Map<String, Object> off = config(List.of("age", "income", "flag"), seed);
            off.put("scaleFeatures", false);
            scaled += raw.get("testMetric").asDouble() / 3;
            standardised += train("std" + seed, byHand).get("testMetric").asDouble() / 3;
            unscaled += train("off" + seed, off).get("testMetric").asDouble() / 3;
        }
        String report = String.format(Locale.ROOT, "scaled inside %.4f, standardised by hand %.4f, unscaled %.4f",
                scaled, standardised, unscaled);
        System.out.println("business-scale node classification through Cypher: " + report);
        assertTrue(Math.abs(scaled - standardised) <= 0.02, report);
        assertTrue(scaled >= 0.9, report);
    }

    @Test
    void aScaledModelPredictsTheSameAfterStoreAndLoad() throws Exception {
        createCustomers(BusinessGraph.generate(200, 3, 2));
        Map<String, Object> c = config(List.of("age", "income", "flag"), 1);
        c.put("epochs", 30);
        train("kept", c);
        List<Object> before = stream("kept");
        db.run("CALL erlangen.model.store('kept')");
        ModelCatalog.instance().clearMemory(); // as after a restart
        assertTrue(db.single("CALL erlangen.model.load('kept')", Map.of()).get("loaded").asBoolean());
        assertEquals(before, stream("kept"), "the same probabilities, bit for bit");

        Path file;
        try (var files = java.nio.file.Files.walk(db.models())) {
            file = files.filter(p -> p.getFileName().toString().equals("kept.safetensors")).findFirst().orElseThrow();
        }
        var contents = ModelFile.read(file);
        assertTrue(contents.config().get("scaleFeatures").getAsBoolean());
        assertTrue(contents.tensors().get("scaling.mean").getDouble(1) > 10_000, "the incomes' mean is stored");
    }

    @Test
    void aModelThatLearntAConstantSaysSoInTheWarningsColumn() {
        // a ring whose customers all look alike, bought at random: nothing tells buyers apart
        List<Map<String, Object>> nodes = new ArrayList<>();
        List<Map<String, Object>> links = new ArrayList<>();
        var random = new java.util.Random(5);
        for (int v = 0; v < 100; v++) {
            nodes.add(Map.of("name", "c" + v, "age", 40.0, "income", 50_000.0, "flag", 1L,
                    "buyer", random.nextBoolean() ? "yes" : "no", "split", v % 5 < 3 ? "train" : "validation"));
            links.add(Map.of("s", "c" + v, "t", "c" + (v + 1) % 100));
        }
        TestGraphs.create(db, new TestGraphs.Spec(nodes, links), "Customer", "KNOWS", 0);
        Map<String, Object> c = config(List.of("age", "income", "flag"), 1);
        c.put("epochs", 10);
        List<Object> warnings = train("constant", c).get("warnings").asList();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(((String) warnings.get(0)).matches("the model predicts class '?(yes|no)'? for all 40 validation "
                + "nodes .*: it learnt a constant.*"), warnings.toString());
    }

    @Test
    void aFeatureThatIsNotFiniteIsRefusedNamingTheNodeAndProperty() {
        createCustomers(BusinessGraph.generate(200, 3, 3));
        Map<String, Object> c = config(List.of("age", "income", "flag"), 1);
        c.put("epochs", 5);
        train("good", c);
        for (String bad : new String[] {"0.0 / 0.0", "1.0 / 0.0", "1e300"}) {
            String id = db.single("MATCH (c:Customer {name: 'c117'}) SET c.income = " + bad
                    + " RETURN elementId(c) AS id", Map.of()).get("id").asString();
            String value = bad.equals("0.0 / 0.0") ? "value NaN" : bad.equals("1.0 / 0.0") ? "value Infinity"
                    : "value 1.0E300, beyond the 32-bit float range";
            for (String call : new String[] {"CALL erlangen.model.train('bad', $c)",
                    "CALL erlangen.predict.stream('good')"}) {
                var e = assertThrows(ClientException.class, () -> db.run(call, Map.of("c", c)));
                assertTrue(e.getMessage().contains("non-finite feature property 'income' on 1 of 200 nodes, e.g. "
                        + "node (:Customer elementId '" + id + "') (" + value), e.getMessage());
            }
        }
    }

    @Test
    void learningRate10OnAGraphClassifierFailsWithTheMessage() {
        TestGraphs.create(db, TestGraphs.rings(60, 4), "Atom", "BOND", 0);
        Map<String, Object> c = new HashMap<>();
        c.put("task", "graphClassification");
        c.put("nodeLabels", List.of("Atom"));
        c.put("relationshipTypes", List.of("BOND"));
        c.put("orientation", "UNDIRECTED");
        c.put("featureProperties", List.of("size"));
        c.put("targetProperty", "big");
        c.put("graphIdProperty", "graph");
        c.put("learningRate", 10);
        c.put("epochs", 20);
        var e = assertThrows(ClientException.class,
                () -> db.run("CALL erlangen.model.train('diverged', $c)", Map.of("c", c)));
        assertTrue(e.getMessage().contains("training diverged at epoch") && e.getMessage().contains("learning rate "
                + "too high for this model (10.0 at this step)") && e.getMessage().contains("feature scaling on"),
                e.getMessage());
        assertEquals(0, db.run("CALL erlangen.model.list()").size(), "no model added");
    }

    @Test
    void aStoredModelWithWeightsThatAreNotFiniteIsNotLoaded() throws Exception {
        createCustomers(BusinessGraph.generate(100, 3, 4));
        Map<String, Object> c = config(List.of("age", "income", "flag"), 1);
        c.put("epochs", 3);
        train("damaged", c);
        db.run("CALL erlangen.model.store('damaged')");
        ModelCatalog.instance().clearMemory();
        Path file;
        try (var files = java.nio.file.Files.walk(db.models())) {
            file = files.filter(p -> p.getFileName().toString().equals("damaged.safetensors")).findFirst()
                    .orElseThrow();
        }
        var contents = ModelFile.read(file);
        contents.tensors().get("conv1.bias").putScalar(0, Float.NaN); // a diverged run, written by other software
        ModelFile.write(file, contents.tensors(), contents.config());
        var e = assertThrows(ClientException.class, () -> db.run("CALL erlangen.model.load('damaged')"));
        assertTrue(e.getMessage().contains("stored model 'damaged' cannot be loaded")
                && e.getMessage().contains("tensor 'conv1.bias' holds NaN at index 0"), e.getMessage());
    }
}
