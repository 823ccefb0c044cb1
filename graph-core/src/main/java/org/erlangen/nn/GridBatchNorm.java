package org.erlangen.nn;

import java.util.Arrays;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Batch norm of grid signals [B, channels * orientations, H, W] (PyTorch's {@code BatchNorm2d} when
 * {@code orientations} is 1): one mean, variance, scale and shift per channel, over the batch, the positions and,
 * for the G-feature maps of a group-equivariant CNN, the channel's orientations, so that turning the input does not
 * change the statistics (Cohen and Welling's orientation-aware batch norm).
 */
public final class GridBatchNorm extends Module implements Layer {
    private final int channels;
    private final int orientations;
    private final BatchNorm norm;

    public GridBatchNorm(int channels, int orientations, DataType dtype) {
        if (channels < 1 || orientations < 1) {
            throw new IllegalArgumentException("GridBatchNorm needs channels and orientations >= 1, got " + channels
                    + " and " + orientations);
        }
        this.channels = channels;
        this.orientations = orientations;
        this.norm = child("norm", new BatchNorm(channels, BatchNorm.DEFAULT_EPS, BatchNorm.DEFAULT_MOMENTUM, true,
                dtype));
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, false);
    }

    /** The ReLU of {@link #forward(Tensor)}, in one pass over the values each way where training on the CPU. */
    public Tensor forwardRelu(Tensor x) {
        return forward(x, true);
    }

    private Tensor forward(Tensor x, boolean relu) {
        if (x.rank() != 4 || x.size(1) != (long) channels * orientations) {
            throw new IllegalArgumentException("GridBatchNorm(" + channels + " x " + orientations + ") expects [batch, "
                    + channels * orientations + ", height, width], got " + Arrays.toString(x.shape()));
        }
        return norm.forwardPlanes(x, relu);
    }
}
