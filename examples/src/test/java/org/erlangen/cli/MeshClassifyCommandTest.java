package org.erlangen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MeshClassifyCommandTest {
    @TempDir
    Path tmp;

    @Test
    void trainsBothModelsWritesFilesAndEndsWithFigures() throws Exception {
        PrintStream original = System.out;
        var bytes = new ByteArrayOutputStream();
        var err = new StringWriter();
        int code;
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            CommandLine cli = new CommandLine(new MeshClassifyCommand());
            cli.setErr(new PrintWriter(err, true));
            code = cli.execute("--classes", "3", "--train-per-class", "3", "--val-per-class", "1",
                    "--test-per-class", "2", "--epochs", "2", "--channels", "2", "--baseline-hidden", "8",
                    "--out", tmp.toString());
        } finally {
            System.setOut(original);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, err + out);
        String[] lines = out.strip().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.matches("test_accuracy=\\d\\.\\d{4} rotated_test_accuracy=\\d\\.\\d{4} "
                + "baseline_test_accuracy=\\d\\.\\d{4} baseline_rotated_test_accuracy=\\d\\.\\d{4} seconds=\\d+\\.\\d"),
                last);
        assertTrue(Files.size(tmp.resolve("model.safetensors")) > 0);
        assertTrue(Files.size(tmp.resolve("curves.png")) > 0);
        assertTrue(out.contains("GEM-CNN"), out);
    }

    @Test
    void badOptionsAreNamed() {
        var err = new StringWriter();
        CommandLine cli = new CommandLine(new MeshClassifyCommand());
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, c, p) -> {
            c.getErr().println(e.getMessage());
            return 2;
        });
        assertEquals(2, cli.execute("--classes", "9", "--out", tmp.toString()));
        assertTrue(err.toString().contains("--classes"), err.toString());
    }
}
