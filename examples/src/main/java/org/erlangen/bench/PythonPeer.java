package org.erlangen.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a PyTorch peer script bundled with the benchmarks. The interpreter is {@code $ERLANGEN_PYTHON}, else Debian's
 * {@code /usr/bin/python3} (where {@code apt-get install python3-torch} puts torch), else {@code python3}; the peer is
 * skipped, with a note, when none of them can import torch.
 */
public final class PythonPeer {
    /** The module every peer imports: the safetensors reader and the BLAS probe. */
    private static final String SHARED_MODULE = "peer_io.py";

    private final String interpreter;

    private PythonPeer(String interpreter) {
        this.interpreter = interpreter;
    }

    /** The first interpreter that can import torch, if any. */
    public static Optional<PythonPeer> find() {
        List<String> candidates = new ArrayList<>();
        String configured = System.getenv("ERLANGEN_PYTHON");
        if (configured != null && !configured.isBlank()) {
            candidates.add(configured);
        }
        candidates.add("/usr/bin/python3");
        candidates.add("python3");
        for (String candidate : candidates) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import torch").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Optional.of(new PythonPeer(candidate));
                }
            } catch (IOException e) {
                // not installed under this name: try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    public String interpreter() {
        return interpreter;
    }

    /**
     * Copies the bundled script {@code name} to {@code dir} and runs it with {@code args} and {@code threads} threads
     * for OpenMP and BLAS (not whatever this process was started with); returns its last line.
     */
    public String run(String name, Path dir, List<String> args, int threads) throws IOException, InterruptedException {
        Path script = dir.resolve(name);
        for (String file : List.of(name, SHARED_MODULE)) {
            try (InputStream in = PythonPeer.class.getResourceAsStream(file)) {
                if (in == null) {
                    throw new IOException("bundled peer script " + file + " is missing from the build");
                }
                Files.copy(in, dir.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        List<String> command = new ArrayList<>(List.of(interpreter, script.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        for (String variable : List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")) {
            builder.environment().put(variable, Integer.toString(threads));
        }
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new IOException("PyTorch peer " + name + " failed with exit code " + p.exitValue());
        }
        String[] lines = out.split("\n");
        return lines[lines.length - 1];
    }
}
