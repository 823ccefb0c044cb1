package org.erlangen.bench;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.erlangen.gauge.grid.GridCnn;
import org.erlangen.gauge.grid.GridCnnConfig;
import org.erlangen.io.ModelFile;
import org.erlangen.kernels.Concurrency;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One training step (forward, backward, Adam) of Cohen and Welling's P4CNN on one batch of 28x28 images: a lifting
 * and six group convolutions (10 channels, 4 orientations), batch norm over each channel's orientations and
 * positions, ReLU, a 2x2 max-pool after the second layer and max-pooling over orientations at the end. Dropout is
 * left out on both sides: the two would draw different masks, so the losses could not be compared. Timed here and,
 * from the same images, labels, weights and filter index tables, in PyTorch with {@code conv2d} on the transformed
 * banks (the peer {@code p4cnn_pytorch.py}).
 */
public final class P4cnnBench {
    /**
     * Small enough that the loss on the one batch stays well above 0 over the compared steps: at 1e-3 it fell from
     * 2.57 to 0.05 in 24 steps, and the two sides' rounding, relative to so small a loss, passed the 1e-3 check.
     */
    static final double LEARNING_RATE = 1e-4;

    private final int batch;
    private final long seed;

    public P4cnnBench(int batch, long seed) {
        this.batch = batch;
        this.seed = seed;
    }

    public StepResult run(int steps, int warmup, Path workDir, boolean withPeer)
            throws IOException, InterruptedException {
        GridCnnConfig config = new GridCnnConfig("C4", 1, 10, 10, 7, 4, 0.0, 28);
        GridCnn model = new GridCnn(config, seed, DataType.FLOAT);
        SplittableRandom random = new SplittableRandom(seed);
        float[] pixels = new float[batch * 28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextDouble();
        }
        INDArray x = Nd4j.create(pixels, new long[] {batch, 1, 28, 28}, 'c');
        int[] labels = random.ints(batch, 0, 10).toArray();

        Path file = workDir.resolve("p4cnn-bench.safetensors");
        if (withPeer) {
            Map<String, INDArray> tensors = new LinkedHashMap<>(model.stateDict());
            tensors.put("x", x);
            tensors.put("labels", Nd4j.createFromArray(labels));
            for (int l = 0; l < config.layers(); l++) {
                tensors.put("table." + l, Nd4j.createFromArray(model.filterTable(l)));
            }
            ModelFile.write(file, tensors, new JsonObject());
        }
        var run = ClassifierSteps.run(model, model::forward, Tensor.constant(x), labels, LEARNING_RATE, warmup,
                steps);
        return StepResult.withPeer("p4cnn_pytorch.py", file, workDir, Concurrency.level(), steps, warmup, run.medianMs(),
                run.losses(), withPeer);
    }
}
