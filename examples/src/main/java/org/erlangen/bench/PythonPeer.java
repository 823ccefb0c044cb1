package org.erlangen.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Runs a PyTorch peer script bundled with the benchmarks. The interpreter is {@code $ERLANGEN_PYTHON}, else Debian's
 * {@code /usr/bin/python3} (where {@code apt-get install python3-torch} puts torch), else {@code python3}; the peer is
 * skipped, with a note, when none of them can import torch.
 */
public final class PythonPeer {
    /** The module every peer imports: the safetensors reader and the BLAS probe. */
    private static final String SHARED_MODULE = "peer_io.py";

    /**
     * glibc's malloc settings for the peer, unless set outside: blocks up to 32 MiB (its ceiling) from the heap, and
     * the heap's top never given back. By default glibc maps each large tensor afresh and unmaps it when freed, so
     * every step faults its activations' pages in again and has them zeroed: on one 2-core virtual machine that took
     * the P4CNN peer's step from 71 ms to 110-270 ms, a slowness of the allocator, not of PyTorch's kernels.
     */
    static final Map<String, String> ALLOCATOR = allocator();

    private final String interpreter;

    private static Map<String, String> allocator() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("MALLOC_MMAP_THRESHOLD_", Long.toString(32L << 20));
        settings.put("MALLOC_TRIM_THRESHOLD_", Long.toString(16L << 30));
        settings.replaceAll((name, value) -> System.getenv().getOrDefault(name, value));
        return Map.copyOf(settings);
    }

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
     * How the peer's threads are set: PyTorch's own pool ({@code torch.set_num_threads}, OpenMP) and its BLAS
     * library's. Debian's PyTorch brings OpenBLAS with its own threads, and with both pools at all cores they compete:
     * the GIN peer's step then took anywhere from 20 to 78 ms on two cores, against 14-16 ms with one of the two
     * pools at one thread.
     */
    public record ThreadSetting(int torch, int blas) {
        /** PyTorch's default on {@code threads} cores (both pools at {@code threads}), then one pool at one. */
        public static List<ThreadSetting> tried(int threads) {
            if (threads == 1) {
                return List.of(new ThreadSetting(1, 1));
            }
            return List.of(new ThreadSetting(threads, threads), new ThreadSetting(1, threads),
                    new ThreadSetting(threads, 1));
        }

        @Override
        public String toString() {
            return "torch " + torch + ", BLAS " + blas;
        }
    }

    /** The peer's output under its fastest thread setting, and every setting's score for the record. */
    public record Fastest(JsonObject json, ThreadSetting setting, String scores) {
    }

    /**
     * Runs the peer under each of {@link ThreadSetting#tried} and keeps the run with the lowest {@code score}, so the
     * comparison is with PyTorch at its best thread setting on this machine. {@code args} come after the script's
     * file argument and before {@code --threads}, which is added here.
     */
    public Fastest runFastest(String name, Path dir, List<String> args, int threads,
            ToDoubleFunction<JsonObject> score) throws IOException, InterruptedException {
        JsonObject best = null;
        ThreadSetting bestSetting = null;
        double bestScore = Double.POSITIVE_INFINITY;
        List<String> scores = new ArrayList<>();
        for (ThreadSetting setting : ThreadSetting.tried(threads)) {
            List<String> withThreads = new ArrayList<>(args);
            withThreads.addAll(List.of("--threads", Integer.toString(setting.torch())));
            JsonObject json = JsonParser.parseString(run(name, dir, withThreads, setting)).getAsJsonObject();
            double value = score.applyAsDouble(json);
            scores.add(String.format(Locale.ROOT, "%s: %.1f ms", setting, value));
            if (best == null || value < bestScore) {
                best = json;
                bestSetting = setting;
                bestScore = value;
            }
        }
        return new Fastest(best, bestSetting, String.join("; ", scores));
    }

    /**
     * Copies the bundled script {@code name} (and the shared module) to {@code dir} and runs it with {@code args},
     * with OpenMP and PyTorch's BLAS threads as in {@code setting} (not whatever this process was started with);
     * returns its last line.
     */
    public String run(String name, Path dir, List<String> args, ThreadSetting setting)
            throws IOException, InterruptedException {
        Path script = dir.resolve(name);
        for (String file : List.of(name, SHARED_MODULE)) {
            try (InputStream in = PythonPeer.class.getResourceAsStream(file)) {
                if (in == null) {
                    throw new IOException("bundled peer script " + file + " is missing from the build");
                }
                Files.copy(in, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        List<String> command = new ArrayList<>(List.of(interpreter, script.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(ALLOCATOR);
        builder.environment().put("OMP_NUM_THREADS", Integer.toString(setting.torch()));
        for (String variable : List.of("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")) {
            builder.environment().put(variable, Integer.toString(setting.blas()));
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
