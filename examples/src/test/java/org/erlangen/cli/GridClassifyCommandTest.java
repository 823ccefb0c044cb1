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
import org.erlangen.gauge.grid.GridClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** grid-classify on the bundled digits (a few of them), and damaged IDX files refused with one line. */
class GridClassifyCommandTest {
    @TempDir
    Path tmp;

    private static String run(int[] code, String... args) {
        PrintStream original = System.out;
        var bytes = new ByteArrayOutputStream();
        var err = new StringWriter();
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            CommandLine cli = Erlangen.commandLine();
            cli.setErr(new PrintWriter(err, true));
            code[0] = cli.execute(args);
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8) + err;
    }

    @Test
    void trainsBothNetworksTwiceAndEndsWithFigures() throws Exception {
        int[] code = new int[1];
        Path out = tmp.resolve("out");
        String text = run(code, "grid-classify", "--train-size", "40", "--test-size", "12", "--epochs", "1",
                "--batch-size", "16", "--out", out.toString());
        assertEquals(0, code[0], text);
        assertTrue(text.contains("bundled digits: 36 training, 4 validation, 12 test digits, 10 classes"), text);
        String[] lines = text.strip().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.matches("z2cnn_test_error=\\d\\.\\d{4} p4cnn_test_error=\\d\\.\\d{4} "
                + "p4cnn_upright_accuracy=\\d\\.\\d{4} p4cnn_rot90_accuracy=\\d\\.\\d{4} "
                + "p4cnn_rot180_accuracy=\\d\\.\\d{4} p4cnn_rot270_accuracy=\\d\\.\\d{4} "
                + "z2cnn_upright_accuracy=\\d\\.\\d{4} z2cnn_rot90_accuracy=\\d\\.\\d{4} "
                + "z2cnn_rot180_accuracy=\\d\\.\\d{4} z2cnn_rot270_accuracy=\\d\\.\\d{4} seconds=\\d+\\.\\d"), last);
        // P4CNN cannot tell a digit from its quarter turns: the same accuracy, to the digit
        String[] figures = last.split(" ");
        assertEquals(figures[2].split("=")[1], figures[3].split("=")[1], last);
        assertEquals(figures[2].split("=")[1], figures[4].split("=")[1], last);
        assertEquals(figures[2].split("=")[1], figures[5].split("=")[1], last);
        assertTrue(Files.size(out.resolve("curves.png")) > 0);
        var loaded = GridClassifier.load(out.resolve("p4cnn.safetensors"));
        assertEquals("C4", loaded.model().config().group());
    }

    @Test
    void damagedFilesGiveOneLineAndExitCodeTwo() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("digits"));
        Files.write(folder.resolve("x-images-idx3-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 1, 0});
        Files.write(folder.resolve("x-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 1, 0});
        int[] code = new int[1];
        String text = run(code, "grid-classify", "--dataset", folder.toString(), "--out", tmp.resolve("o")
                .toString());
        assertEquals(2, code[0], text);
        assertEquals(1, text.strip().split("\n").length, text);
        assertTrue(text.contains("x-images-idx3-ubyte: byte 0: magic number 0x00000801, expected 0x00000803"), text);
        assertTrue(Files.notExists(tmp.resolve("o")), "nothing written");
    }
}
