package org.erlangen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.erlangen.io.ModelFile;
import org.erlangen.testing.OgbFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --dataset FOLDER} on a folder in OGB's raw node-property layout, as on a Planetoid folder. */
class TrainOgbCliTest {
    @TempDir
    Path tmp;

    @Test
    void trainsNodeClassificationOnOgbsSplit() throws Exception {
        Path folder = OgbFolder.write(tmp.resolve("ogbn_toy"), 50, 8, 3, true, 7).folder();
        Path out = tmp.resolve("run");
        CliRun run = CliRun.of("train", "--dataset", folder.toString(), "--epochs", "2", "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.lastLine().matches("test_accuracy=\\d\\.\\d{4} epochs=2 seconds=\\d+\\.\\d"), run.lastLine());
        var metrics = JsonParser.parseString(Files.readString(out.resolve("metrics.json"))).getAsJsonObject();
        assertEquals("nodeClassification", metrics.get("task").getAsString());
        assertEquals(2, metrics.getAsJsonArray("runs").get(0).getAsJsonObject()
                .getAsJsonArray("loss").size());
        var config = ModelFile.read(out.resolve("model.safetensors")).config();
        assertEquals("node", config.get("task").getAsString());
        assertEquals(8, config.get("in").getAsInt());
        assertEquals(3, config.get("out").getAsInt());
    }

    @Test
    void aDamagedOgbFolderIsOneLineNamingTheFile() throws Exception {
        Path folder = OgbFolder.write(tmp.resolve("ogbn_bad"), 50, 8, 3, false, 7).folder();
        Files.writeString(folder.resolve("raw/edge.csv"), "0,1\n1,99\n");
        CliRun run = CliRun.of("train", "--dataset", folder.toString(), "--epochs", "2", "--out",
                tmp.resolve("bad").toString());
        assertTrue(run.code() != 0);
        assertTrue(run.err().contains("edge.csv:2: node id 99 outside 0..49"), run.err());
        assertTrue(!run.err().contains("\tat "), "no stack trace: " + run.err());
    }
}
