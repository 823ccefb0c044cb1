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
import org.erlangen.gauge.grid.GridCnnConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** sphere-classify on a few bundled digits: three networks, a line of figures; bad options refused with one line. */
class SphereClassifyCommandTest {
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
    void trainsTheSphericalAndPlanarNetworksAndEndsWithFigures() throws Exception {
        int[] code = new int[1];
        Path out = tmp.resolve("out");
        String text = run(code, "sphere-classify", "--train-size", "200", "--test-size", "50", "--epochs", "1",
                "--bandwidth", "6", "--channels", "4", "--out", out.toString());
        assertEquals(0, code[0], text);
        assertTrue(text.contains("bandwidth 6 (12x12 grid): 180 training, 20 validation, 50 test digits"), text);
        String[] lines = text.strip().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.matches("s2cnn_nr_r_accuracy=\\d\\.\\d{4} s2cnn_r_r_accuracy=\\d\\.\\d{4} "
                + "planar_nr_r_accuracy=\\d\\.\\d{4} seconds=\\d+\\.\\d"), last);
        assertTrue(Files.size(out.resolve("curves.png")) > 0);
    }

    @Test
    void badOptionsGiveOneLineAndExitCodeTwo() {
        for (String[] bad : new String[][] {{"--bandwidth", "1"}, {"--bandwidth", "40"}, {"--epochs", "0"},
                {"--train-size", "3"}, {"--lr", "-1"}}) {
            int[] code = new int[1];
            String text = run(code, "sphere-classify", bad[0], bad[1], "--out", tmp.resolve("o").toString());
            assertEquals(2, code[0], text);
            assertEquals(1, text.strip().split("\n").length, text);
            assertTrue(text.contains(bad[0]), text);
            assertTrue(Files.notExists(tmp.resolve("o")), "nothing written");
        }
    }

    @Test
    void thePlanarBaselineEndsInOneValuePerClass() {
        for (int side : new int[] {8, 12, 20, 24, 28}) {
            GridCnnConfig config = SphereClassifyCommand.planar(side, 10);
            assertEquals(side, config.imageSize());
            assertTrue(config.lastKernel() <= 4, config.toString());
        }
        assertEquals(GridCnnConfig.z2cnn(10), SphereClassifyCommand.planar(28, 10), "28x28: Z2CNN itself");
    }
}
