package org.erlangen.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.neo4j.driver.Record;

/** Integer class values that one double cannot tell apart stay two classes, through training and prediction. */
class ClassValuesTest {
    private static final long TWO_TO_53 = 1L << 53;

    @RegisterExtension
    static final TestDatabase db = TestDatabase.create();

    @Test
    void twoToThe53AndOneMoreAreTwoClasses() {
        db.run("UNWIND range(0, 199) AS i CREATE (:Item {features: [toFloat(i % 2), rand()], "
                + "kind: $base + i % 2})", Map.of("base", TWO_TO_53));
        Map<String, Object> c = new HashMap<>();
        c.put("task", "nodeClassification");
        c.put("nodeLabels", List.of("Item"));
        c.put("featureProperties", List.of("features"));
        c.put("targetProperty", "kind");
        c.put("model", "deepsets");
        c.put("epochs", 50);
        Record r = db.single("CALL erlangen.model.train('kinds', $c)", Map.of("c", c));
        assertEquals(200, r.get("trainCount").asLong() + r.get("validationCount").asLong()
                + r.get("testCount").asLong(), "items dropped out of training");
        assertEquals(List.of(TWO_TO_53, TWO_TO_53 + 1), db.single("CALL erlangen.model.list()", Map.of())
                .get("classes").asList(v -> v.asLong()));
        Set<Long> predicted = new TreeSet<>(db.single("CALL erlangen.predict.stream('kinds') YIELD prediction "
                + "RETURN collect(DISTINCT prediction) AS p", Map.of()).get("p").asList(v -> v.asLong()));
        assertEquals(Set.of(TWO_TO_53, TWO_TO_53 + 1), predicted);
        Record agree = db.single("CALL erlangen.predict.stream('kinds') YIELD nodeId, prediction "
                + "MATCH (n) WHERE elementId(n) = nodeId RETURN avg(CASE WHEN n.kind = prediction THEN 1.0 ELSE 0.0 "
                + "END) AS accuracy", Map.of());
        assertTrue(agree.get("accuracy").asDouble() >= 0.95, agree.asMap().toString());
    }
}
