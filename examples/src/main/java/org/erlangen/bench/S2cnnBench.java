package org.erlangen.bench;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.erlangen.gauge.sphere.SphereTransforms;
import org.erlangen.gauge.sphere.SphericalCnn;
import org.erlangen.io.ModelFile;
import org.erlangen.kernels.Concurrency;
import org.erlangen.tensor.GradMode;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One training step (forward, backward, Adam) of the {@link SphericalCnn} that {@code ./erlangen sphere-classify}
 * trains, at its default size (bandwidth 12, 32 hidden channels, 10 classes, batches of 64), on one fixed batch of
 * random one-channel grid signals [64, 1, 24 * 24]. Timed here and, from the same signals, labels, weights and
 * transform matrices, in PyTorch (the peer {@code s2cnn_pytorch.py}): analysis and synthesis as products with the
 * constant matrices, one [out, in] mixing per degree, ReLU on the grid, the norm per degree and a linear head (four layers,
 * as sphere-classify).
 */
public final class S2cnnBench {
    /** The command's default Adam rate ({@code sphere-classify --lr}). */
    static final double LEARNING_RATE = 3e-3;
    static final int CLASSES = 10;

    private final int bandwidth;
    private final int hidden;
    private final int batch;
    private final long seed;

    public S2cnnBench(int bandwidth, int hidden, int batch, long seed) {
        if (bandwidth < 1 || hidden < 1 || batch < 1) {
            throw new IllegalArgumentException("bandwidth, hidden channels and batch must be >= 1, got " + bandwidth
                    + ", " + hidden + ", " + batch);
        }
        this.bandwidth = bandwidth;
        this.hidden = hidden;
        this.batch = batch;
        this.seed = seed;
    }

    public StepResult run(int steps, int warmup, Path workDir, boolean withPeer)
            throws IOException, InterruptedException {
        var model = new SphericalCnn(bandwidth, 1, hidden, CLASSES, new SplittableRandom(seed), DataType.FLOAT);
        var random = new SplittableRandom(seed + 1);
        int points = model.transforms().gridSize();
        float[] values = new float[batch * points];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble();
        }
        INDArray x = Nd4j.create(values, new long[] {batch, 1, points}, 'c');
        int[] labels = random.ints(batch, 0, CLASSES).toArray();

        Path file = workDir.resolve("s2cnn-bench.safetensors");
        if (withPeer) {
            Map<String, INDArray> tensors = new LinkedHashMap<>(model.stateDict());
            tensors.put("x", x);
            tensors.put("labels", Nd4j.createFromArray(labels));
            tensors.put("analysis", analysisMatrix(model.transforms()));
            tensors.put("synthesis", synthesisMatrix(model.transforms()));
            ModelFile.write(file, tensors, new JsonObject());
        }
        var run = ClassifierSteps.run(model, model::forward, Tensor.constant(x), labels, LEARNING_RATE, warmup,
                steps);
        return StepResult.withPeer("s2cnn_pytorch.py", file, workDir, Concurrency.level(), steps, warmup, run.medianMs(),
                run.losses(), withPeer);
    }

    /** The model's own analysis matrix [grid, B^2], read off as the analysis of the grid's indicator signals. */
    static INDArray analysisMatrix(SphereTransforms transforms) {
        return applied(transforms.gridSize(), transforms::analysis, transforms.dtype());
    }

    /** The model's own synthesis matrix [B^2, grid], the synthesis of each coefficient's indicator. */
    static INDArray synthesisMatrix(SphereTransforms transforms) {
        return applied(transforms.coefficientCount(), transforms::synthesis, transforms.dtype());
    }

    private static INDArray applied(int n, UnaryOperator<Tensor> transform, DataType dtype) {
        try (var noGrad = GradMode.noGrad()) {
            INDArray identity = Nd4j.eye(n).castTo(dtype).reshape('c', 1, n, n);
            INDArray out = transform.apply(Tensor.constant(identity)).data();
            return out.reshape('c', out.size(1), out.size(2)).dup('c');
        }
    }
}
