package org.erlangen.gauge.grid;

import java.util.Arrays;
import org.erlangen.tensor.Reductions;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;

/**
 * Pooling over the orientations of a G-feature map [B, channels * |G|, H, W] to [B, channels, H, W]: the maximum
 * (Cohen and Welling's choice) or the mean of each channel's responses. Turning the input then only turns the
 * output: its channels are invariant to the group.
 */
public final class GroupPooling {
    private GroupPooling() {
    }

    public static Tensor max(Tensor x, PlaneGroup group) {
        return pool(x, group, true);
    }

    public static Tensor mean(Tensor x, PlaneGroup group) {
        return pool(x, group, false);
    }

    private static Tensor pool(Tensor x, PlaneGroup group, boolean max) {
        int order = group.order();
        if (x.rank() != 4 || x.size(1) % order != 0) {
            throw new IllegalArgumentException("group pooling takes " + group.name() + "-feature maps [batch, "
                    + "channels * " + order + ", height, width], got " + Arrays.toString(x.shape()));
        }
        long b = x.size(0);
        long channels = x.size(1) / order;
        long h = x.size(2);
        long w = x.size(3);
        Tensor grouped = Shapes.reshape(x, b, channels, order, h * w);
        Tensor pooled = max ? Reductions.max(grouped, 2, false) : Reductions.mean(grouped, 2, false);
        return Shapes.reshape(pooled, b, channels, h, w);
    }
}
