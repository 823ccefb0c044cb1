package org.erlangen.bench;

import com.google.gson.JsonObject;
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

    /**
     * Steps over which the two losses are compared. Both sides start from the same weights and data, so the first
     * steps check that they compute the same thing; later, the different summation orders of the two sides' floats
     * are amplified by training (GIN's losses drifted apart by 7e-4 at step 60 and more after 300).
     */
    public static final int CHECKED_STEPS = 40;

    /** Largest relative difference between our loss and PyTorch's over the first checked steps (0 without a peer). */
    public double lossDifference() {
        double worst = 0;
        for (int i = 0; i < Math.min(CHECKED_STEPS, Math.min(losses.length, pytorchLosses.length)); i++) {
            worst = Math.max(worst, Math.abs(losses[i] - pytorchLosses[i]) / Math.abs(pytorchLosses[i]));
        }
        return worst;
    }

    /**
     * Runs the bundled peer {@code script} on {@code file} with the same steps and warm-up, under each thread setting
     * of {@link PythonPeer.ThreadSetting#tried} for {@code threads}, and keeps the fastest; the peer prints one JSON
     * line with {@code ms}, {@code losses}, {@code torch}, {@code threads} and {@code blas}.
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
        var fastest = peer.get().runFastest(script, workDir, List.of(file.toString(), "--steps",
                Integer.toString(steps), "--warmup", Integer.toString(warmup)), threads, j -> j.get("ms").getAsDouble());
        JsonObject json = fastest.json();
        List<Double> values = new ArrayList<>();
        json.getAsJsonArray("losses").forEach(v -> values.add(v.getAsDouble()));
        return new StepResult(threads, ours, losses, json.get("ms").getAsDouble(),
                values.stream().mapToDouble(Double::doubleValue).toArray(),
                "torch " + json.get("torch").getAsString() + ", fastest of " + fastest.scores(),
                json.get("blas").getAsString());
    }
}
