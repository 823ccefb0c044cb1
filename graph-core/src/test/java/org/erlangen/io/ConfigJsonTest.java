package org.erlangen.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

class ConfigJsonTest {
    @Test
    void fieldsAreWrittenInOrderAndReadBackTyped() {
        JsonObject json = ConfigJson.create().put("layer", "gcn").put("in", 4).put("dropout", 0.5)
                .put("seed", 1L << 40).put("inputDropout", false).json();
        assertEquals("{\"layer\":\"gcn\",\"in\":4,\"dropout\":0.5,\"seed\":1099511627776,\"inputDropout\":false}",
                json.toString());
        var f = ConfigJson.of(json, "model config");
        assertEquals("gcn", f.getString("layer"));
        assertEquals(4, f.getInt("in"));
        assertEquals(0.5, f.getDouble("dropout"));
        assertEquals(1L << 40, f.getLong("seed"));
        assertFalse(f.getBoolean("inputDropout", true));
    }

    @Test
    void defaultsStandInOnlyForAbsentFields() {
        JsonObject json = new JsonObject();
        json.add("norm", JsonNull.INSTANCE);
        var f = ConfigJson.of(json, "model config");
        assertEquals(1.0, f.getDouble("delta", 1.0));
        assertEquals("mlp", f.getString("head", "mlp"));
        assertTrue(f.getBoolean("inputDropout", true));
        var e = assertThrows(IllegalArgumentException.class, () -> f.getString("norm", "none"));
        assertTrue(e.getMessage().startsWith("model config field 'norm' must be a string, found null"),
                e.getMessage());
    }

    @Test
    void errorsNameTheConfigAndTheField() {
        JsonObject json = new JsonObject();
        json.addProperty("in", "four");
        var f = ConfigJson.of(json, "GEM model config");
        var e = assertThrows(IllegalArgumentException.class, () -> f.getInt("samples"));
        assertTrue(e.getMessage().startsWith("GEM model config has no field 'samples'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> f.getInt("in"));
        assertTrue(e.getMessage().startsWith("GEM model config field 'in' must be an integer, found \"four\""),
                e.getMessage());
    }
}
