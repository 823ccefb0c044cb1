package org.erlangen.gauge.grid;

import java.util.Arrays;
import java.util.Random;
import org.erlangen.nn.Dropout;
import org.erlangen.nn.GridBatchNorm;
import org.erlangen.nn.Init;
import org.erlangen.nn.Module;
import org.erlangen.nn.ModuleList;
import org.erlangen.tensor.Convolutions;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Cohen and Welling's (2016) networks for rotated digits ({@link GridCnnConfig}): Z2CNN, a plain CNN, and P4CNN /
 * P4MCNN, the same with lifting and group convolutions and max-pooling over orientations at the end, so that their
 * logits do not change when the image turns by a quarter (or is mirrored, for D4): on 28x28 images every valid
 * convolution and the 2x2 pool map the turned grid onto itself exactly. Images [B, in, n, n] in, logits [B, classes]
 * out.
 */
public final class GridCnn extends Module {
    private final GridCnnConfig config;
    private final PlaneGroup group;
    private final ModuleList<Module> convolutions;
    private final ModuleList<GridBatchNorm> norms;
    private final ModuleList<Dropout> dropouts;

    public GridCnn(GridCnnConfig config, long seed, DataType dtype) {
        this.config = config;
        this.group = config.equivariant() ? SquareSymmetries.named(config.group()) : null;
        Random random = new Random(seed);
        convolutions = child("convolutions", new ModuleList<>());
        norms = child("norms", new ModuleList<>());
        dropouts = child("dropouts", new ModuleList<>());
        int orientations = group == null ? 1 : group.order();
        for (int l = 0; l < config.layers(); l++) {
            boolean last = l == config.layers() - 1;
            int in = l == 0 ? config.inChannels() : config.channels();
            int out = last ? config.classes() : config.channels();
            int kernel = last ? config.lastKernel() : 3;
            convolutions.add(group == null ? new PlainConvolution(in, out, kernel, random, dtype)
                    : l == 0 ? GroupConvolution.lifting(group, in, out, kernel, 0, random, dtype)
                    : GroupConvolution.group(group, in, out, kernel, 0, random, dtype));
            if (!last) {
                norms.add(new GridBatchNorm(out, orientations, dtype));
                dropouts.add(new Dropout(config.dropout(), random.nextLong()));
            }
        }
    }

    public GridCnnConfig config() {
        return config;
    }

    /** Layer l's {@link GroupConvolution#filterTable}; null for a plain network. */
    public int[] filterTable(int layer) {
        return convolutions.get(layer) instanceof GroupConvolution g ? g.filterTable() : null;
    }

    /** Logits [B, classes] of images [B, in, n, n]. */
    public Tensor forward(Tensor images) {
        if (images.rank() != 4 || images.size(1) != config.inChannels() || images.size(2) != config.imageSize()
                || images.size(3) != config.imageSize()) {
            throw new IllegalArgumentException("the network takes images [batch, " + config.inChannels() + ", "
                    + config.imageSize() + ", " + config.imageSize() + "], got " + Arrays.toString(images.shape()));
        }
        Tensor h = images;
        for (int l = 0; l < config.layers(); l++) {
            Module conv = convolutions.get(l);
            h = conv instanceof GroupConvolution g ? g.forward(h) : ((PlainConvolution) conv).forward(h);
            if (l == config.layers() - 1) {
                break;
            }
            h = dropouts.get(l).forward(norms.get(l).forwardRelu(h));
            if (l == 1) {
                h = Convolutions.maxPool2d(h, 2, 2);
            }
        }
        if (group != null) {
            h = GroupPooling.max(h, group);
        }
        return Shapes.reshape(h, h.size(0), config.classes());
    }

    /** An ordinary convolution with a bias, as Z2CNN's layers are. */
    static final class PlainConvolution extends Module {
        private final Tensor weight;
        private final Tensor bias;

        PlainConvolution(int in, int out, int kernel, Random random, DataType dtype) {
            double bound = Math.sqrt(6.0 / (in * kernel * kernel));
            weight = parameter("weight", Init.uniform(bound, random, dtype, out, in, kernel, kernel));
            bias = parameter("bias", Init.zeros(dtype, out));
        }

        Tensor forward(Tensor x) {
            return Convolutions.conv2d(x, weight, bias, Convolutions.Spec.DEFAULT);
        }
    }
}
