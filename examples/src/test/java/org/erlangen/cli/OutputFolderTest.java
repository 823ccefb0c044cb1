package org.erlangen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFolderTest {
    @TempDir
    Path tmp;

    private List<String> entries(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aNewFolderAppearsWithItsParentsOnlyOnCommit() throws IOException {
        Path target = tmp.resolve("runs").resolve("a").resolve("b");
        try (OutputFolder out = OutputFolder.create(target)) {
            assertEquals(tmp, out.path().getParent(), "the nearest existing folder holds the temporary one");
            Files.writeString(out.path().resolve("model.safetensors"), "weights");
            Files.createDirectories(out.path().resolve("plots"));
            Files.writeString(out.path().resolve("plots").resolve("curves.png"), "png");
            assertTrue(Files.notExists(tmp.resolve("runs")), "nothing in place before the commit");
            assertEquals(target, out.commit());
        }
        assertEquals("weights", Files.readString(target.resolve("model.safetensors")));
        assertEquals("png", Files.readString(target.resolve("plots").resolve("curves.png")));
        assertEquals(List.of("runs"), entries(tmp), "no temporary folder left");
    }

    @Test
    void aFailedRunLeavesNothingAndAnExistingFolderAsItWas() throws IOException {
        Path target = tmp.resolve("run");
        Files.createDirectories(target);
        Files.writeString(target.resolve("model.safetensors"), "a good earlier model");
        Map<String, String> before = CliRun.snapshot(target);
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> {
            try (OutputFolder out = OutputFolder.create(target)) {
                Files.writeString(out.path().resolve("model.safetensors"), "half-written");
                throw new IllegalStateException("training diverged");
            }
        });
        assertEquals("training diverged", failure.getMessage());
        assertEquals(before, CliRun.snapshot(target));
        assertEquals(List.of("run"), entries(tmp));

        Path fresh = tmp.resolve("fresh").resolve("x");
        try (OutputFolder out = OutputFolder.create(fresh)) {
            Files.writeString(out.path().resolve("metrics.json"), "{}");
        }
        assertTrue(Files.notExists(tmp.resolve("fresh")), "an uncommitted run creates no folders");
        assertEquals(List.of("run"), entries(tmp));
    }

    @Test
    void committingIntoAnExistingFolderReplacesOnlyTheFilesWritten() throws IOException {
        Path target = tmp.resolve("run");
        Files.createDirectories(target);
        Files.writeString(target.resolve("model.safetensors"), "old");
        Files.writeString(target.resolve("notes.txt"), "mine");
        try (OutputFolder out = OutputFolder.create(target)) {
            assertEquals(tmp, out.path().getParent());
            Files.writeString(out.path().resolve("model.safetensors"), "new");
            out.commit();
            assertThrows(IllegalStateException.class, out::commit);
        }
        assertEquals("new", Files.readString(target.resolve("model.safetensors")));
        assertEquals("mine", Files.readString(target.resolve("notes.txt")));
        assertEquals(List.of("run"), entries(tmp));
    }

    @Test
    void aTargetThatIsAFileIsRefused() throws IOException {
        Path file = Files.writeString(tmp.resolve("taken"), "x");
        UserError e = assertThrows(UserError.class, () -> OutputFolder.create(file));
        assertTrue(e.getMessage().contains("is a file"), e.getMessage());
    }
}
