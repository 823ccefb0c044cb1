package org.erlangen.nn;

import java.util.Arrays;
import org.erlangen.tensor.Activations;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalisation over the rows of {@code [N, F]}, as PyTorch's {@code nn.BatchNorm1d(F)}: in training each
 * column is normalised with the batch mean and biased variance, and the buffers {@code running_mean} and
 * {@code running_var} move towards the batch mean and unbiased variance by {@code momentum} (0.1); in evaluation the
 * running statistics are used. Parameter and buffer names match PyTorch's.
 */
public final class BatchNorm extends Module implements Layer {
    public static final double DEFAULT_EPS = 1e-5;
    public static final double DEFAULT_MOMENTUM = 0.1;

    private final int features;
    private final double eps;
    private final double momentum;
    private final Tensor gamma;
    private final Tensor beta;
    private final INDArray runningMean;
    private final INDArray runningVar;
    private final INDArray batchesTracked;

    public BatchNorm(int features) {
        this(features, DEFAULT_EPS, DEFAULT_MOMENTUM, true, Init.DEFAULT_DTYPE);
    }

    public BatchNorm(int features, double eps, double momentum, boolean affine, DataType dtype) {
        if (features < 1) {
            throw new IllegalArgumentException("BatchNorm needs at least one feature, got " + features);
        }
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("BatchNorm momentum must be in [0, 1], got " + momentum);
        }
        this.features = features;
        this.eps = eps;
        this.momentum = momentum;
        this.gamma = affine ? parameter("weight", Nd4j.ones(dtype, features)) : null;
        this.beta = affine ? parameter("bias", Init.zeros(dtype, features)) : null;
        this.runningMean = buffer("running_mean", Init.zeros(dtype, features));
        this.runningVar = buffer("running_var", Nd4j.ones(dtype, features));
        this.batchesTracked = buffer("num_batches_tracked", Nd4j.scalar(DataType.LONG, 0L));
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 2 || x.size(1) != features) {
            throw new IllegalArgumentException("BatchNorm(" + features + ") expects input [N, " + features
                    + "], got " + Arrays.toString(x.shape()));
        }
        if (isTraining()) {
            batchesTracked.addi(1);
        }
        return apply(x, gamma, beta, runningMean, runningVar, isTraining(), momentum, eps);
    }

    public INDArray runningMean() {
        return runningMean;
    }

    public INDArray runningVar() {
        return runningVar;
    }

    /**
     * Batch norm of {@code x [N, F]}, like PyTorch's {@code F.batch_norm}. In training the batch statistics are used
     * and, when the running arrays are not null, they are updated in place:
     * {@code running = (1 - momentum) running + momentum batch} with the unbiased batch variance. In evaluation the
     * running statistics are used and must be given. {@code gamma}/{@code beta} may be null.
     */
    public static Tensor apply(Tensor x, Tensor gamma, Tensor beta, INDArray runningMean, INDArray runningVar,
            boolean training, double momentum, double eps) {
        if (x.rank() != 2) {
            throw new IllegalArgumentException("BatchNorm expects input [N, F], got " + Arrays.toString(x.shape()));
        }
        if (!training) {
            if (runningMean == null || runningVar == null) {
                throw new IllegalArgumentException("BatchNorm in evaluation needs running statistics");
            }
            return Normalization.apply(x, gamma, beta, 0, eps, runningMean, runningVar, null);
        }
        long n = x.rows();
        if (n < 2) {
            throw new IllegalArgumentException("BatchNorm in training needs more than one row, got shape "
                    + Arrays.toString(x.shape()));
        }
        INDArray[] stats = new INDArray[2];
        Tensor out = Normalization.apply(x, gamma, beta, 0, eps, null, null, stats);
        track(stats, n, runningMean, runningVar, momentum);
        return out;
    }

    /**
     * Batch norm of {@code x} [batch, features * k, ...] whose feature {@code f} owns, in each sample, the {@code k}
     * planes from {@code f * k} (a grid signal's channels, or a G-feature map's channels with their orientations):
     * statistics over the batch and all of a feature's planes, as PyTorch's {@code BatchNorm3d} on [B, C, k, H, W].
     */
    public Tensor forwardPlanes(Tensor x) {
        return forwardPlanes(x, false);
    }

    /**
     * {@link #forwardPlanes(Tensor)}, then a ReLU when {@code relu}: in training, on the CPU, one pass over the
     * values each way instead of two.
     */
    public Tensor forwardPlanes(Tensor x, boolean relu) {
        if (x.rank() < 2 || x.size(1) % features != 0) {
            throw new IllegalArgumentException("BatchNorm(" + features + ") over planes expects [batch, " + features
                    + " * k, ...], got " + Arrays.toString(x.shape()));
        }
        long n = x.data().length() / features;
        if (isTraining() && n > 1 && PlaneBatchNorm.applies(x.data())) {
            batchesTracked.addi(1);
            INDArray[] stats = new INDArray[2];
            Tensor out = PlaneBatchNorm.apply(x, features, gamma, beta, eps, stats, relu);
            track(stats, n, runningMean, runningVar, momentum);
            return out;
        }
        // one row per (sample, plane, position), one column per feature
        long b = x.size(0);
        long rest = x.data().length() / b / features;
        Tensor rows = Shapes.reshape(Shapes.permute(Shapes.reshape(x, b, features, rest), 0, 2, 1), b * rest,
                features);
        Tensor normed = forward(rows);
        Tensor planes = Shapes.reshape(Shapes.permute(Shapes.reshape(normed, b, rest, features), 0, 2, 1),
                x.shape());
        return relu ? Activations.relu(planes) : planes;
    }

    /** Moves the running statistics towards the batch's mean and unbiased variance ({@code n} values each). */
    private static void track(INDArray[] stats, long n, INDArray runningMean, INDArray runningVar, double momentum) {
        if (runningMean != null) {
            runningMean.muli(1 - momentum).addi(stats[0].castTo(runningMean.dataType()).mul(momentum));
        }
        if (runningVar != null) {
            INDArray unbiased = stats[1].castTo(runningVar.dataType()).mul(momentum * n / (n - 1));
            runningVar.muli(1 - momentum).addi(unbiased);
        }
    }
}
