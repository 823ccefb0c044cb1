package org.erlangen.gauge.grid;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.erlangen.nn.Init;
import org.erlangen.nn.Module;
import org.erlangen.sparse.Csr;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Convolutions;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Cohen and Welling's group convolutions on the grid, for a {@link PlaneGroup} G: the lifting convolution (images
 * [B, in, H, W] to G-feature maps) and the group convolution (G-feature maps to G-feature maps). A G-feature map is
 * [B, channels * |G|, H, W], channel {@code c * |G| + g} the response at orientation g. The learnt bank is expanded
 * by an index table into all its transformed copies and run as one ordinary convolution; the bias is one per output
 * channel, shared by its orientations. Turning the input by an element of G turns every output map and permutes its
 * orientations; with odd kernels and {@code k / 2} padding this holds exactly on any image size.
 */
public final class GroupConvolution extends Module {
    private final PlaneGroup group;
    private final boolean lifting;
    private final int in;
    private final int out;
    private final int kernel;
    private final Convolutions.Spec spec;
    private final Tensor weight;
    private final Tensor bias;
    private final int[] table;
    /**
     * The table, and each orientation's copy of its channel's bias (entry {@code o * |G| + r} is bias {@code o}), as
     * selections made once: the sparse kernels keep their transposes for the backward pass.
     */
    private final Csr bankSelection;
    private final Csr biasSelection;

    private GroupConvolution(PlaneGroup group, boolean lifting, int in, int out, int kernel, int padding,
            RandomGenerator random, DataType dtype) {
        if (in < 1 || out < 1 || kernel < 1) {
            throw new IllegalArgumentException("a group convolution needs in, out and kernel >= 1, got " + in + ", "
                    + out + ", " + kernel);
        }
        this.group = group;
        this.lifting = lifting;
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.spec = Convolutions.Spec.DEFAULT.padded(padding);
        int fanIn = in * (lifting ? 1 : group.order()) * kernel * kernel;
        double bound = Math.sqrt(6.0 / fanIn); // He's uniform bound, as ReLU networks are started
        long[] shape = lifting ? new long[] {out, in, kernel, kernel}
                : new long[] {out, in, group.order(), kernel, kernel};
        weight = parameter("weight", Init.uniform(bound, random, dtype, shape));
        bias = parameter("bias", Init.zeros(dtype, out));
        table = lifting ? FilterTables.lifting(group, out, in, kernel) : FilterTables.group(group, out, in, kernel);
        bankSelection = Csr.selection(table, Math.toIntExact(weight.data().length()));
        int[] biasOf = new int[out * group.order()];
        for (int i = 0; i < biasOf.length; i++) {
            biasOf[i] = i / group.order();
        }
        biasSelection = Csr.selection(biasOf, out);
    }

    /** Images with {@code in} channels to G-feature maps with {@code out} channels. */
    public static GroupConvolution lifting(PlaneGroup group, int in, int out, int kernel, int padding,
            RandomGenerator random, DataType dtype) {
        return new GroupConvolution(group, true, in, out, kernel, padding, random, dtype);
    }

    /** G-feature maps with {@code in} channels to G-feature maps with {@code out} channels. */
    public static GroupConvolution group(PlaneGroup group, int in, int out, int kernel, int padding,
            RandomGenerator random, DataType dtype) {
        return new GroupConvolution(group, false, in, out, kernel, padding, random, dtype);
    }

    public PlaneGroup symmetry() {
        return group;
    }

    public int outChannels() {
        return out;
    }

    /**
     * Where each entry of the expanded bank [out * |G|, channels, k, k] comes from in the learnt one (flattened), for
     * a peer that builds the same bank.
     */
    public int[] filterTable() {
        return table.clone();
    }

    public Tensor forward(Tensor x) {
        int order = group.order();
        int channels = lifting ? in : in * order;
        if (x.rank() != 4 || x.size(1) != channels) {
            throw new IllegalArgumentException((lifting ? "the lifting convolution takes images" : "the group "
                    + "convolution takes " + group.name() + "-feature maps") + " [batch, " + channels
                    + ", height, width], got " + Arrays.toString(x.shape()));
        }
        Tensor bank = Shapes.reshape(Sparse.gatherCols(Shapes.reshape(weight, weight.data().length(), 1),
                bankSelection), (long) out * order, channels, kernel, kernel);
        Tensor perOrientation = Shapes.reshape(Sparse.gatherCols(Shapes.reshape(bias, out, 1), biasSelection),
                (long) out * order);
        return Convolutions.conv2d(x, bank, perOrientation, spec);
    }
}
