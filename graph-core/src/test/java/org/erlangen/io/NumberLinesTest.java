package org.erlangen.io;

import static org.erlangen.io.TestFiles.assertFormatError;
import static org.erlangen.io.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NumberLinesTest {
    @TempDir
    Path dir;

    /** Every value in {@code file}, read back with {@link NumberLines#nextFloat}; there must be {@code count}. */
    private float[] readFloats(Path file, int count) throws IOException {
        float[] values = new float[count];
        int k = 0;
        try (NumberLines in = NumberLines.open(file)) {
            while (in.nextLine()) {
                while (in.more()) {
                    values[k++] = in.nextFloat("a value");
                }
            }
        }
        assertEquals(count, k);
        return values;
    }

    private static void assertParsedAsJavaDoes(List<String> tokens, float[] parsed) {
        for (int i = 0; i < tokens.size(); i++) {
            float expected = Float.parseFloat(tokens.get(i).strip());
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(parsed[i]),
                    "'" + tokens.get(i) + "': expected " + expected + ", parsed " + parsed[i]);
        }
    }

    private Path writeLines(String name, List<String> tokens, int perLine, boolean gzip) throws IOException {
        var text = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            text.append(tokens.get(i)).append(i % perLine == perLine - 1 || i == tokens.size() - 1 ? "\n" : ",");
        }
        Path file = dir.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file))
                : Files.newOutputStream(file)) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    /** A float of random bits, any finite one. */
    private static float finite(Random random) {
        float f;
        do {
            f = Float.intBitsToFloat(random.nextInt());
        } while (!Float.isFinite(f));
        return f;
    }

    @Test
    void floatsAreRoundedExactlyAsFloatParseFloatRoundsThem() throws IOException {
        Random random = new Random(7);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            // shortest representations, with and without exponents (1.0E-5, 3.4028235E38, 1.4E-45)
            tokens.add(Float.toString(finite(random)));
            tokens.add(Float.toString(finite(random) % 1e3f));
            // OGB's fixed decimals and long doubles (17 digits, beyond the exact path)
            tokens.add(String.format(Locale.ROOT, "%.6f", random.nextGaussian()));
            tokens.add(Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20)));
            // any count of digits, any exponent, signs and leading zeros
            var digits = new StringBuilder(random.nextBoolean() ? "-" : random.nextBoolean() ? "+" : "");
            digits.append("0".repeat(random.nextInt(3)));
            for (int d = 1 + random.nextInt(24); d > 0; d--) {
                digits.append((char) ('0' + random.nextInt(10)));
            }
            digits.insert(Math.max(1, digits.length() - random.nextInt(digits.length())), '.');
            String decimal = digits + (random.nextBoolean() ? "e" + (random.nextInt(80) - 45) : "");
            if (Float.isFinite(Float.parseFloat(decimal))) {
                tokens.add(decimal);
            }
        }
        // halfway between two floats, exactly (ties to even) and just either side; subnormals; the largest float
        for (String t : new String[] {"16777217", "16777217.00000001", "16777216.99999999", "1.000000059604645",
            "1.0000000596046447753906250", "1.0000000596046447753906251", "33554434", "33554438", "1e-45", "1.4e-45",
            "7e-46", "1.1754942e-38", "1.17549435e-38", "3.4028235e38", "3.40282356e38", "-0", "0.000", "-0.0e5",
            ".5", "5.", "+1.5", "1E5", "  2.5 ", "\t7\t", "000123.4500", "123456789012345678901234567890",
            "0.1234567890123456789012345", "9007199254740993", "9007199254740993e-10", "1e22", "1e23", "1e-22",
            "1e-23", "4.5e15", "99999999999999999999e-20"}) {
            tokens.add(t);
        }
        for (boolean gzip : new boolean[] {false, true}) {
            // a few megabytes of long lines: the 1 MiB buffer refills in the middle of values
            Path file = writeLines(gzip ? "values.csv.gz" : "values.csv", tokens, 97, gzip);
            assertParsedAsJavaDoes(tokens, readFloats(file, tokens.size()));
        }
    }

    /**
     * Decimals at or next to the point halfway between two floats: rounding the nearest double to float once more
     * would tie there, where the decimal itself is not a tie (the case the exact path must hand on).
     */
    @Test
    void valuesNearHalfwayBetweenFloatsRoundToTheNearerOne() throws IOException {
        Random random = new Random(3);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            float f = (float) (random.nextDouble() * Math.pow(10, random.nextInt(14) - 6));
            if (f < Float.MIN_NORMAL) {
                continue;
            }
            BigDecimal midpoint = new BigDecimal(f).add(new BigDecimal(Math.nextUp(f))).divide(BigDecimal.valueOf(2));
            tokens.add(midpoint.toString());
            for (int digits = 15; digits <= 17; digits++) {
                tokens.add(midpoint.round(new MathContext(digits)).toString());
            }
        }
        assertParsedAsJavaDoes(tokens, readFloats(writeLines("mid.csv", tokens, 10, false), tokens.size()));
    }

    @Test
    void refusesWhatIsNotAFiniteDecimal() throws IOException {
        String[] bad = {"nan", "NaN", "inf", "Infinity", "1f", "0x10", "", "1e", "e5", "--1", "1.2.3", ".", "1 2",
            "3.5e38", "1e400", "1,5x"};
        for (String token : bad) {
            Path file = write(dir, "bad.csv", "1.5", token);
            assertFormatError(() -> {
                try (NumberLines in = NumberLines.open(file)) {
                    while (in.nextLine()) {
                        while (in.more()) {
                            in.nextFloat("a feature value");
                        }
                    }
                }
            }, "bad.csv:2:", "a feature value");
        }
    }

    @Test
    void integersAndMissingValues() throws IOException {
        Path file = write(dir, "ints.csv", "-2147483648,2147483647,+5, 7 ,0", "nan,NAN,,3,-1");
        try (NumberLines in = NumberLines.open(file)) {
            assertTrue(in.nextLine());
            int[] expected = {Integer.MIN_VALUE, Integer.MAX_VALUE, 5, 7, 0};
            for (int e : expected) {
                assertTrue(in.more());
                assertEquals(e, in.nextInt("an id"));
            }
            assertFalse(in.more());
            assertTrue(in.nextLine());
            int[] labels = {-9, -9, -9, 3, -1};
            for (int e : labels) {
                assertEquals(e, in.nextIntOrMissing("a label", -9));
            }
            assertFalse(in.more());
            assertFalse(in.nextLine());
            assertEquals(2, in.line());
        }
        for (String token : new String[] {"2147483648", "-2147483649", "99999999999999999999", "1.0", "1e3", "",
            "-", "0x1", "nan"}) {
            Path bad = write(dir, "bad.csv", "1", token);
            assertFormatError(() -> {
                try (NumberLines in = NumberLines.open(bad)) {
                    while (in.nextLine()) {
                        in.nextInt("a node id");
                    }
                }
            }, "bad.csv:2:", "a node id");
        }
    }

    @Test
    void lineEndingsBlankLinesAndTheLastLine() throws IOException {
        Path file = dir.resolve("ends.csv");
        Files.writeString(file, "1,2\r\n\r\n3,4\n   \n\n5,6");
        try (NumberLines in = NumberLines.open(file)) {
            int[][] expected = {{1, 2, 1}, {3, 4, 3}, {5, 6, 6}};
            for (int[] e : expected) {
                assertTrue(in.nextNonBlankLine());
                assertEquals(e[0], in.nextInt("a"));
                assertEquals(e[1], in.nextInt("b"));
                in.endLine("two values");
                assertEquals(e[2], in.line());
            }
            assertFalse(in.nextNonBlankLine());
        }
        // where every line counts, a blank line is an empty field
        try (NumberLines in = NumberLines.open(file)) {
            in.nextLine();
            in.nextInt("a");
            in.nextInt("b");
            assertTrue(in.nextLine());
            assertEquals(-1, in.nextIntOrMissing("a label", -1));
            assertFalse(in.more());
            assertEquals(2, in.line());
        }
        Path extra = write(dir, "extra.csv", "1,2,3");
        assertFormatError(() -> {
            try (NumberLines in = NumberLines.open(extra)) {
                in.nextLine();
                in.nextInt("a");
                in.nextInt("b");
                in.endLine("'src,dst'");
            }
        }, "extra.csv:1:", "expected 'src,dst', found more values");
    }

    @Test
    void damagedGzipIsAFormatErrorOfTheFile() throws IOException {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            tokens.add(Integer.toString(i * 7919 % 100_003));
        }
        Path file = writeLines("cut.csv.gz", tokens, 1, true);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        assertFormatError(() -> {
            try (NumberLines in = NumberLines.open(file)) {
                while (in.nextLine()) {
                    in.nextInt("a node id");
                }
            }
        }, "cut.csv.gz:", "gzip data is damaged or cut short");
        Path notGzip = write(dir, "plain.csv.gz", "1,2");
        assertFormatError(() -> NumberLines.open(notGzip).close(), "plain.csv.gz", "not a gzip file");
    }
}
