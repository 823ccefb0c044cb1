package org.erlangen.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.erlangen.neo4j.catalog.ModelCatalog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.neo4j.driver.Record;

/**
 * The models folder as a shared server needs it: a per-user quota on stored models (count and bytes, both
 * settings), {@code model.list} described from file headers alone, hostile files (a config declaring a network far
 * larger than its tensors, a deeply nested header) refused before anything is built while the rest of the catalog
 * keeps working, and a model's arrays freed when it is dropped or replaced.
 */
class ModelFilesTest {
    @RegisterExtension
    static final TestDatabase db = TestDatabase.create().with(ErlangenSettings.MODELS_QUOTA_COUNT, 2)
            .with(ErlangenSettings.MODELS_QUOTA_BYTES, 512L << 10);

    @BeforeEach
    void graph() {
        TestGraphs.create(db, TestGraphs.communities(40, 1), "Person", "KNOWS", 0);
    }

    private static void train(String name) {
        train(name, 8, 2);
    }

    private static void train(String name, int hidden, int layers) {
        Map<String, Object> c = TestGraphs.communityTask("Person");
        c.put("relationshipTypes", List.of("KNOWS"));
        c.put("epochs", 3);
        c.put("hidden", hidden);
        c.put("layers", layers);
        db.run("CALL erlangen.model.train($name, $c)", Map.of("name", name, "c", c));
    }

    private static String refused(String cypher, String... fragments) {
        var e = assertThrows(Exception.class, () -> db.run(cypher));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message should contain '" + f + "': " + e.getMessage());
        }
        return e.getMessage();
    }

    private static Path stored(String name) throws IOException {
        try (Stream<Path> files = Files.walk(db.models())) {
            return files.filter(p -> p.getFileName().toString().equals(name + ".safetensors")).findFirst()
                    .orElseThrow();
        }
    }

    private static List<Path> folderContents() throws IOException {
        try (Stream<Path> files = Files.walk(db.models())) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** The file's JSON header and the bytes after it. */
    private record Parts(JsonObject header, byte[] data) {
        static Parts of(Path file) throws IOException {
            byte[] bytes = Files.readAllBytes(file);
            int length = (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            return new Parts(JsonParser.parseString(new String(bytes, 8, length, StandardCharsets.UTF_8))
                    .getAsJsonObject(), Arrays.copyOfRange(bytes, 8 + length, bytes.length));
        }

        void write(Path file, String headerText) throws IOException {
            byte[] text = headerText.getBytes(StandardCharsets.UTF_8);
            Files.write(file, ByteBuffer.allocate(8 + text.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(text.length).put(text).put(data).array());
        }
    }

    @Test
    void storingIsBoundByTheUsersQuota() throws IOException {
        train("a");
        train("b");
        train("c");
        db.run("CALL erlangen.model.store('a')");
        db.run("CALL erlangen.model.store('b')");
        refused("CALL erlangen.model.store('c')", "model 'c' is not stored: it would be stored model number 3, "
                + "more than the 2 each user may keep (dbms.erlangen.models.quota.count)");
        // storing a model again replaces its file and counts once
        db.run("CALL erlangen.model.store('b')");
        db.run("CALL erlangen.model.drop('a')");
        db.run("CALL erlangen.model.store('c')");
        assertEquals(2, folderContents().size());

        // a model of about a megabyte passes the count (it replaces 'b') but not the bytes
        db.run("CALL erlangen.model.drop('b')");
        train("b", 512, 3);
        refused("CALL erlangen.model.store('b')", "model 'b' is not stored: its file of",
                "would bring the user's stored models to", "more than the 512.0 KiB each user may keep "
                        + "(dbms.erlangen.models.quota.bytes)");
        assertEquals(List.of(stored("c")), folderContents(), "a refused store writes nothing");
        assertEquals(2, db.run("CALL erlangen.model.list()").size());
    }

    @Test
    void listReadsOnlyTheHeaders() throws IOException {
        train("m");
        Record inMemory = db.single("CALL erlangen.model.list()", Map.of());
        db.run("CALL erlangen.model.store('m')");
        Path file = stored("m");
        // a weight made NaN: the header is intact, the tensors are not loadable
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(bytes.length - 4, Float.NaN);
        Files.write(file, bytes);
        ModelCatalog.instance().clearMemory(); // as after a restart

        Record listed = db.single("CALL erlangen.model.list()", Map.of());
        assertFalse(listed.get("loaded").asBoolean());
        assertTrue(listed.get("error").isNull(), listed.toString());
        assertEquals(inMemory.get("metrics").get("train").asDouble(), listed.get("metrics").get("train").asDouble());
        for (String field : List.of("modelName", "task", "model", "parameters", "config", "classes",
                "featureProperties", "targetProperty")) {
            assertEquals(inMemory.get(field), listed.get(field), field);
        }
        refused("CALL erlangen.model.load('m')", "stored model 'm' cannot be loaded", "not finite");
    }

    @Test
    void aSmallFileDeclaringAHugeNetworkIsRefusedBeforeItIsBuilt() throws IOException {
        train("ok");
        train("huge");
        db.run("CALL erlangen.model.store('ok')");
        db.run("CALL erlangen.model.store('huge')");
        Path file = stored("huge");
        Parts parts = Parts.of(file);
        JsonObject metadata = parts.header().getAsJsonObject("__metadata__");
        JsonObject config = JsonParser.parseString(metadata.get("erlangen.config").getAsString()).getAsJsonObject();
        config.addProperty("hidden", 700_000_000);
        metadata.addProperty("erlangen.config", config.toString());
        parts.write(file, parts.header().toString());
        assertTrue(Files.size(file) < 4096, "a file of " + Files.size(file) + " bytes");
        ModelCatalog.instance().clearMemory();

        refused("CALL erlangen.model.load('huge')", "stored model 'huge' cannot be loaded",
                "hidden 700000000, more than the 4096 a model may have");
        refused("CALL erlangen.predict.stream('huge')", "hidden 700000000");
        Map<String, String> errors = new HashMap<>();
        for (Record r : db.run("CALL erlangen.model.list()")) {
            errors.put(r.get("modelName").asString(), r.get("error").isNull() ? null : r.get("error").asString());
        }
        assertEquals(2, errors.size());
        assertEquals(null, errors.get("ok"));
        assertTrue(errors.get("huge").contains("cannot be read"), errors.toString());

        // within the allowed widths, but wider than the file's tensors can fill
        config.addProperty("hidden", 4096);
        metadata.addProperty("erlangen.config", config.toString());
        parts.write(file, parts.header().toString());
        refused("CALL erlangen.model.load('huge')", "with at least", "parameters, but its tensors hold");
        assertEquals(40, db.run("CALL erlangen.predict.stream('ok')").size());
        db.run("CALL erlangen.model.drop('huge')");
        assertEquals(List.of(stored("ok")), folderContents());
    }

    @Test
    void aDeeplyNestedHeaderLeavesTheCatalogWorking() throws IOException {
        train("ok");
        db.run("CALL erlangen.model.store('ok')");
        Path nested = stored("ok").resolveSibling("nested.safetensors");
        // 200 KB of brackets once overflowed the stack and kept model.list broken until the file was dropped
        new Parts(new JsonObject(), new byte[0]).write(nested, "{\"w\":" + "[".repeat(100_000)
                + "]".repeat(100_000) + "}");
        Map<String, Boolean> readable = new HashMap<>();
        for (Record r : db.run("CALL erlangen.model.list()")) {
            readable.put(r.get("modelName").asString(), r.get("error").isNull());
        }
        assertEquals(Map.of("ok", true, "nested", false), readable);
        refused("CALL erlangen.model.load('nested')", "nests JSON 100001 levels deep");
        db.run("CALL erlangen.model.drop('nested')");
        assertEquals(List.of(stored("ok")), folderContents());
    }

    @Test
    void aModelsArraysAreFreedWhenItIsDroppedOrReplaced() {
        train("m");
        List<INDArray> trained = arrays("m");
        db.run("CALL erlangen.model.store('m')");
        db.run("CALL erlangen.model.load('m')");
        assertTrue(trained.stream().allMatch(INDArray::wasClosed), "the replaced model's arrays are freed");
        List<INDArray> loaded = arrays("m");
        assertTrue(loaded.stream().noneMatch(INDArray::wasClosed));
        assertEquals(40, db.run("CALL erlangen.predict.stream('m')").size());
        db.run("CALL erlangen.model.drop('m')");
        assertTrue(loaded.stream().allMatch(INDArray::wasClosed), "the dropped model's arrays are freed");
    }

    /** The parameter arrays of a model in the catalog (this JVM runs the server). */
    private static List<INDArray> arrays(String name) {
        var network = ModelCatalog.instance().get("", name, db.models(), Long.MAX_VALUE).network();
        return network.parameters().stream().map(p -> p.data()).toList();
    }

    @Test
    void dropRemovesTheFileAndLeavesNoTemporaryBehind() throws IOException {
        train("m");
        db.run("CALL erlangen.model.store('m')");
        Path folder = stored("m").getParent();
        Record dropped = db.single("CALL erlangen.model.drop('m')", Map.of());
        assertEquals("m", dropped.get("modelName").asString());
        assertFalse(dropped.get("stored").asBoolean());
        try (Stream<Path> left = Files.list(folder)) {
            assertEquals(List.of(), left.toList());
        }
        refused("CALL erlangen.predict.stream('m')", "no model named 'm'");
    }
}
