package org.erlangen.gauge;

import java.util.Arrays;
import java.util.Random;
import org.erlangen.nn.Activation;
import org.erlangen.nn.MLP;
import org.erlangen.nn.Module;
import org.erlangen.nn.ModuleList;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A GEM-CNN for classifying meshes: an input convolution from scalar vertex features to the hidden type
 * {@code Cx0+...+CxM}, residual blocks on the mesh and, after each parallel-transport pooling, on every coarser
 * level, an invariant readout (scalars and norms, averaged per mesh) and an MLP head. Given gauge-invariant
 * inputs its logits depend on the mesh only up to the nonlinearities' small equivariance error; given
 * rotation-invariant inputs they do not change when the mesh is rotated (frames, angles and connections turn with
 * it).
 *
 * <p>Inputs are standardised inside the model: {@code (asinh(x) - shift) / scale} with the buffers
 * {@code inputShift} and {@code inputScale} (set from training data), so curvature outliers at sharp corners stay
 * bounded and the model file carries what it needs.
 */
public final class GemMeshModel extends Module {
    private final GemModelConfig config;
    private final GemConv input;
    private final RegularNonlinearity nonlinearity;
    private final ModuleList<GemResBlock> blocks;
    private final InvariantReadout readout;
    private final MLP head;
    private final INDArray inputShift;
    private final INDArray inputScale;
    private final DataType dtype;

    public GemMeshModel(GemModelConfig config, long seed, DataType dtype) {
        this.config = config;
        this.dtype = dtype;
        Random random = new Random(seed);
        Irreps hidden = config.hidden();
        Activation activation = Activation.of(config.activation());
        input = child("input", new GemConv(Irreps.scalars(config.inputs()), hidden, config.radialRings(), true,
                random, dtype));
        nonlinearity = new RegularNonlinearity(hidden, config.samples(), activation);
        blocks = child("blocks", new ModuleList<>());
        for (int l = 0; l <= config.coarseLevels(); l++) {
            for (int b = 0; b < blocksAt(l); b++) {
                blocks.add(new GemResBlock(hidden, hidden, config.radialRings(), config.samples(), activation,
                        random, dtype));
            }
        }
        readout = new InvariantReadout(hidden);
        head = child("head", MLP.builder(readout.width(), config.headHidden(), config.classes())
                .activation(activation).seed(random.nextLong()).dtype(dtype).build());
        inputShift = buffer("inputShift", Nd4j.zeros(dtype, config.inputs()));
        inputScale = buffer("inputScale", Nd4j.ones(dtype, config.inputs()));
    }

    private int blocksAt(int level) {
        return level == 0 ? config.meshBlocks() : config.coarseBlocks();
    }

    public GemModelConfig config() {
        return config;
    }

    public DataType dtype() {
        return dtype;
    }

    /** Logits [meshes, classes] from standardised inputs [level-0 points, inputs] ({@link #standardise}). */
    public Tensor forward(MeshHierarchy mesh, Tensor x) {
        if (mesh.levelCount() != config.coarseLevels() + 1) {
            throw new IllegalArgumentException("the model pools " + config.coarseLevels() + " times, the mesh has "
                    + (mesh.levelCount() - 1) + " coarse levels");
        }
        Irreps hidden = config.hidden();
        Tensor h = nonlinearity.forward(input.forward(mesh.level(0), x));
        int b = 0;
        for (int l = 0; l < mesh.levelCount(); l++) {
            if (l > 0) {
                h = mesh.pool(l - 1).pool(h, hidden);
            }
            for (int k = 0; k < blocksAt(l); k++) {
                h = blocks.get(b++).forward(mesh.level(l), h);
            }
        }
        return head.forward(readout.forward(h, mesh.nodes(mesh.levelCount() - 1)));
    }

    /** {@code (asinh(x) - shift) / scale} in the model's float type; raw features [N, inputs]. */
    public INDArray standardise(INDArray raw) {
        if (raw.rank() != 2 || raw.size(1) != config.inputs()) {
            throw new IllegalArgumentException("the model takes [N, " + config.inputs() + "] vertex features, got "
                    + Arrays.toString(raw.shape()));
        }
        double[] x = raw.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] shift = inputShift.castTo(DataType.DOUBLE).data().asDouble();
        double[] scale = inputScale.castTo(DataType.DOUBLE).data().asDouble();
        int k = config.inputs();
        for (int i = 0; i < x.length; i++) {
            x[i] = (asinh(x[i]) - shift[i % k]) / scale[i % k];
        }
        return Nd4j.createFromArray(x).reshape('c', raw.size(0), k).castTo(dtype);
    }

    /** Sets the standardisation from raw training features [N, inputs]: mean and deviation of asinh(x). */
    public void fitStandardisation(INDArray raw) {
        double[] x = raw.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        int k = config.inputs();
        int n = x.length / k;
        double[] mean = new double[k];
        double[] sq = new double[k];
        for (int i = 0; i < x.length; i++) {
            double a = asinh(x[i]);
            mean[i % k] += a / n;
            sq[i % k] += a * a / n;
        }
        double[] std = new double[k];
        for (int j = 0; j < k; j++) {
            std[j] = Math.sqrt(Math.max(sq[j] - mean[j] * mean[j], 0));
            std[j] = std[j] > 1e-8 ? std[j] : 1;
        }
        inputShift.assign(Nd4j.createFromArray(mean).castTo(dtype));
        inputScale.assign(Nd4j.createFromArray(std).castTo(dtype));
    }

    private static double asinh(double x) {
        return Math.signum(x) * Math.log(Math.abs(x) + Math.sqrt(x * x + 1));
    }
}
