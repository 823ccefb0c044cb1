package org.erlangen.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.neo4j.driver.Record;

/** A model file written by Python (our config, safetensors) loads through erlangen.model.load and predicts. */
class PythonModelTest {
    @RegisterExtension
    static final TestDatabase db = TestDatabase.create();

    @Test
    void aModelWrittenInPythonLoadsAndPredicts() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(python), "python3 not installed");
        TestGraphs.create(db, TestGraphs.communities(80, 3), "Person", "KNOWS", 0);
        Path script = Files.createTempFile(db.models(), "write", ".py");
        try (var in = getClass().getResourceAsStream("write_gcn_model.py")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path folder = Files.createDirectories(db.models().resolve("_anonymous")); // the user of an auth-free server
        Process p = new ProcessBuilder(python.toString(), script.toString(),
                folder.resolve("fromPython.safetensors").toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));

        Record loaded = db.single("CALL erlangen.model.load('fromPython')", Map.of());
        assertEquals("gcn", loaded.get("model").asString());
        assertEquals(4 * 4 + 4 + 4 * 2 + 2, loaded.get("parameters").asLong());
        Record accuracy = db.single("CALL erlangen.predict.stream('fromPython') YIELD nodeId, prediction "
                + "MATCH (p) WHERE elementId(p) = nodeId "
                + "RETURN avg(CASE WHEN prediction = p.community THEN 1.0 ELSE 0.0 END) AS accuracy", Map.of());
        assertTrue(accuracy.get("accuracy").asDouble() >= 0.8, "accuracy " + accuracy.get("accuracy"));
    }
}
