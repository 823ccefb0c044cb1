package org.erlangen.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one training-step benchmark measured, here and (when run) in its PyTorch peer: median milliseconds and the loss
 * of every step, warm-up included, for checking that both compute the same thing.
 */
public record StepResult(int threads, double erlangenMs, double[] losses, Double pytorchMs, double[] pytorchLosses,
        String peerNote, String blas) {

    /** Largest relative difference between our loss and PyTorch's over the steps (0 without a peer). */
    public double lossDifference() {
        double worst = 0;
        for (int i = 0; i < Math.min(losses.length, pytorchLosses.length); i++) {
            worst = Math.max(worst, Math.abs(losses[i] - pytorchLosses[i]) / Math.abs(pytorchLosses[i]));
        }
        return worst;
    }

    /**
     * Runs the bundled peer {@code script} on {@code file} with the same threads, steps and warm-up; the peer prints
     * one JSON line with {@code ms}, {@code losses}, {@code torch}, {@code threads} and {@code blas}.
     */
    static StepResult withPeer(String script, Path file, Path workDir, int threads, int steps, int warmup,
            double ours, double[] losses, boolean run) throws IOException, InterruptedException {
        if (!run) {
            return new StepResult(threads, ours, losses, null, new double[0], "peer not run", "");
        }
        var peer = PythonPeer.find();
        if (peer.isEmpty()) {
            return new StepResult(threads, ours, losses, null, new double[0],
                    "no python3 with torch found (apt-get install python3-torch libopenblas0-pthread)", "");
        }
        String line = peer.get().run(script, workDir, List.of(file.toString(), "--threads",
                Integer.toString(threads), "--steps", Integer.toString(steps), "--warmup", Integer.toString(warmup)),
                threads);
        JsonObject json = JsonParser.parseString(line).getAsJsonObject();
        List<Double> values = new ArrayList<>();
        json.getAsJsonArray("losses").forEach(v -> values.add(v.getAsDouble()));
        return new StepResult(threads, ours, losses, json.get("ms").getAsDouble(),
                values.stream().mapToDouble(Double::doubleValue).toArray(),
                "torch " + json.get("torch").getAsString() + " with " + json.get("threads").getAsInt() + " threads",
                json.get("blas").getAsString());
    }
}
