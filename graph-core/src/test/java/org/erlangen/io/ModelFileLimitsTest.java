package org.erlangen.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.erlangen.nn.Init;
import org.erlangen.nn.Linear;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Hostile model files are refused by their header, before anything large is made: headers nested too deeply (one
 * of 200 KB of brackets overflowed the stack), listing too many tensors (1.47 million took half a minute), tensors of
 * too high a rank, and configs nested too deeply. Also the header alone, owner-only writing and the clean-up of
 * temporary files a crash left.
 */
class ModelFileLimitsTest {
    @TempDir
    Path dir;

    private Path write(String name, String header, byte[] data) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json).put(data);
        Path file = dir.resolve(name + ".safetensors");
        Files.write(file, b.array());
        return file;
    }

    private static void assertRefused(Path file, String... fragments) {
        for (Executable read : List.<Executable>of(() -> ModelFile.read(file), () -> ModelFile.readHeader(file))) {
            ModelFileException e = assertThrows(ModelFileException.class, read);
            for (String f : fragments) {
                assertTrue(e.getMessage().contains(f), "message should contain '" + f + "': " + e.getMessage());
            }
        }
    }

    @Test
    void deeplyNestedHeaderIsRefusedWithoutOverflowingTheStack() throws IOException {
        String nested = "[".repeat(100_000) + "]".repeat(100_000);
        assertRefused(write("nested", "{\"w\":" + nested + "}", new byte[0]), "nests JSON 100001 levels deep");
        // brackets inside strings do not count
        Path quoted = write("quoted", "{\"__metadata__\":{\"note\":\"" + "[".repeat(1000) + "\"}}", new byte[0]);
        assertEquals("[".repeat(1000), ModelFile.read(quoted).metadata().get("note"));
    }

    @Test
    void deeplyNestedConfigIsRefused() throws IOException {
        String config = "[".repeat(50_000) + "]".repeat(50_000);
        Path file = write("config", "{\"__metadata__\":{\"erlangen.config\":\"" + config + "\"}}", new byte[0]);
        assertRefused(file, "metadata 'erlangen.config' nests JSON 50000 levels deep");
    }

    @Test
    void tooManyTensorsAreRefusedEarly() throws IOException {
        StringBuilder header = new StringBuilder("{");
        for (int i = 0; i <= SafetensorsHeader.MAX_TENSORS + 1; i++) {
            header.append(i == 0 ? "" : ",").append("\"t").append(i)
                    .append("\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}");
        }
        assertRefused(write("many", header.append('}').toString(), new byte[0]), "more than 16384 tensors");
    }

    @Test
    void rankAndDimensionsAreBounded() throws IOException {
        assertRefused(write("rank", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1,1,1,1,1,1,1,1,1],\"data_offsets\":[0,4]}}",
                new byte[4]), "tensor 'w'", "rank 9");
        // an empty tensor holds no bytes whatever its other dimensions say
        assertRefused(write("dims", "{\"w\":{\"dtype\":\"F32\",\"shape\":[0,9000000000],\"data_offsets\":[0,0]}}",
                new byte[0]), "tensor 'w'", "dimension over 2147483647");
    }

    @Test
    void hugeHeaderLengthIsRefused() throws IOException {
        Path file = dir.resolve("long.safetensors");
        Files.write(file, ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(ModelFile.MAX_HEADER_BYTES + 1)
                .array());
        assertRefused(file, "implausible", "expected 2.." + ModelFile.MAX_HEADER_BYTES);
    }

    @Test
    void headerAloneGivesConfigAndShapes() throws IOException {
        Path file = dir.resolve("m.safetensors");
        JsonObject config = new JsonObject();
        config.addProperty("hidden", 8);
        ModelFile.write(file, Map.of("w", Nd4j.rand(DataType.FLOAT, 3, 4), "b", Nd4j.rand(DataType.FLOAT, 4)),
                config);
        ModelFile.Header header = ModelFile.readHeader(file);
        assertEquals(config, header.config());
        assertArrayEquals(new long[] {3, 4}, header.shapes().get("w"));
        assertArrayEquals(new long[] {4}, header.shapes().get("b"));
        assertEquals(16, header.elements());
    }

    @Test
    void ownerOnlyFilesAndFolders() throws IOException {
        Path file = dir.resolve("private").resolve("inner").resolve("m.safetensors");
        ModelFile.write(file, Map.of("w", Nd4j.rand(DataType.FLOAT, 2)), null, ModelFile.Access.OWNER_ONLY);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    file.getParent())));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    file.getParent().getParent())));
        }
    }

    @Test
    void fileSizeIsKnownBeforeWriting() throws IOException {
        Linear linear = new Linear(3, 2, true, Init.Scheme.GLOROT_UNIFORM, new Random(1), DataType.FLOAT);
        JsonObject config = new JsonObject();
        config.addProperty("layer", "linear");
        Path file = dir.resolve("linear.safetensors");
        ModelFile.save(file, linear, config);
        assertEquals(Files.size(file), ModelFile.fileSize(linear, config));
    }

    @Test
    void temporaryFilesOfCrashedWritesAreRemoved() throws IOException {
        Path target = dir.resolve("m.safetensors");
        Path stale = ModelFile.temporaryFor(target);
        Files.writeString(stale, "a write that never reached its rename");
        Path other = Files.writeString(dir.resolve(".hidden.tmp"), "not ours");
        Path model = Files.writeString(target, "kept");
        assertEquals(1, ModelFile.removeTemporaries(dir));
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(other));
        assertTrue(Files.exists(model));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.count());
        }
    }
}
