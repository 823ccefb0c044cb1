package org.erlangen.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** One in-process run of the {@code erlangen} command line, with its exit code, stdout and stderr. */
record CliRun(int code, String out, String err) {
    static CliRun of(String... args) {
        PrintStream original = System.out;
        var bytes = new ByteArrayOutputStream();
        var err = new StringWriter();
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            var cli = Erlangen.commandLine();
            cli.setErr(new PrintWriter(err, true));
            int code = cli.execute(args);
            return new CliRun(code, bytes.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(original);
        }
    }

    String lastLine() {
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }

    /** Every file under {@code root} (relative path) with its bytes' hash and modification time, to compare. */
    static Map<String, String> snapshot(Path root) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String key = root.relativize(p).toString();
                files.put(key, Files.isDirectory(p) ? "dir" : Arrays.hashCode(Files.readAllBytes(p)) + "@"
                        + Files.getLastModifiedTime(p).toMillis());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
