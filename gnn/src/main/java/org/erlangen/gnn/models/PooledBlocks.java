package org.erlangen.gnn.models;

import java.util.function.UnaryOperator;
import org.erlangen.gnn.conv.PooledLayer;
import org.erlangen.tensor.GradMode;
import org.erlangen.tensor.Tensor;
import org.erlangen.tensor.Workspace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A node model's layers on blocks of nodes whose neighbours' messages are pooled elsewhere: the dense part of
 * distributed layer-wise inference. An engine that holds the graph in partitions (Spark) runs, for each layer, the
 * {@link #messages} of every block, sends each message along the sender's out-edges (a join of the edges with the
 * node states), sums them per receiver, and hands each block its sums for {@link #outputs}. The result equals
 * {@link LayerwiseInference}'s up to the order of the sums.
 *
 * <p>Every layer must pool its senders' rows ({@link PooledLayer}): GCN (its normalised sum), GraphSAGE with mean or
 * sum aggregation and no projection, GIN. A GCN layer's sums run over the graph with a self loop on every node that
 * has none ({@link #selfLoops}); the degrees it is given count them. Rows travel as flat row-major {@code float}
 * arrays, the form an engine ships cheaply.
 */
public final class PooledBlocks {
    private final GnnModel model;
    private final DataType dtype;
    private final int[] messageWidths;

    /** Throws when a layer of {@code model} does not pool its senders' rows, naming it. */
    public PooledBlocks(GnnModel model, DataType dtype) {
        this.model = model;
        this.dtype = dtype;
        if (!model.config().task().equals("node")) {
            throw new IllegalArgumentException("distributed inference is for node models, this one is for "
                    + model.config().task() + " tasks");
        }
        for (int i = 0; i < model.layerCount(); i++) {
            if (model.pooling(i) == null) {
                throw new IllegalArgumentException("layer " + i + " of this " + model.config().layer() + " model "
                        + "does not pool its senders' rows with a sum or a mean: distributed inference runs GCN, "
                        + "GraphSAGE (mean or sum, no projection) and GIN");
            }
        }
        model.eval();
        this.messageWidths = new int[model.layerCount()];
    }

    public int layerCount() {
        return model.layerCount();
    }

    /** Whether layer {@code layer}'s sums include a self loop on every node without one (GCN's {@code A + I}). */
    public boolean selfLoops(int layer) {
        return model.pooling(layer) == PooledLayer.Pooling.SYMMETRIC;
    }

    /** How many values each node sends to layer {@code layer}. */
    public int messageWidth(int layer) {
        if (messageWidths[layer] == 0) {
            int in = layer == 0 ? model.config().in() : model.config().hidden();
            messageWidths[layer] = messages(layer, new float[in], new int[] {1}, 1).length;
        }
        return messageWidths[layer];
    }

    /** How many values layer {@code layer} gives each node. */
    public int outputWidth(int layer) {
        return layer == model.layerCount() - 1 ? model.config().out() : model.config().hidden();
    }

    /** The first layer's inputs for {@code rows} nodes' features: scaled when the model scales them. */
    public float[] inputs(float[] features, int rows) {
        return apply(features, rows, x -> model.inputs(x));
    }

    /**
     * What each of {@code rows} nodes with layer inputs {@code h} sends along its out-edges to layer
     * {@code layer}; {@code degrees} are their in-degrees as the layer counts them ({@link #selfLoops}).
     */
    public float[] messages(int layer, float[] h, int[] degrees, int rows) {
        float[] m = apply(h, rows, x -> model.layerMessage(layer, x));
        if (selfLoops(layer)) {
            scaleRows(m, rows, degrees); // the sender's half of 1/sqrt(d_j d_i)
        }
        return m;
    }

    /**
     * Layer {@code layer}'s outputs (after its ReLU, but for the last layer) for {@code rows} nodes whose senders'
     * {@link #messages} sum to {@code sums} and whose own inputs are {@code own}; {@code degrees} as for
     * {@link #messages}.
     */
    public float[] outputs(int layer, float[] sums, float[] own, int[] degrees, int rows) {
        if (rows == 0) {
            return new float[0];
        }
        float[] pooled = sums.clone();
        PooledLayer.Pooling pooling = model.pooling(layer);
        if (pooling == PooledLayer.Pooling.SYMMETRIC) {
            scaleRows(pooled, rows, degrees); // the receiver's half
        } else if (pooling == PooledLayer.Pooling.MEAN) {
            int width = pooled.length / Math.max(1, rows);
            for (int r = 0; r < rows; r++) {
                float inverse = degrees[r] == 0 ? 0f : (float) (1.0 / degrees[r]);
                for (int c = r * width, end = c + width; c < end; c++) {
                    pooled[c] *= inverse;
                }
            }
        }
        try (var noGrad = GradMode.noGrad(); var step = Workspace.step()) {
            Tensor y = model.layerOutputPooled(layer, Tensor.constant(matrix(pooled, rows)),
                    Tensor.constant(matrix(own, rows)));
            return y.data().castTo(DataType.FLOAT).dup('c').data().asFloat();
        }
    }

    private float[] apply(float[] rowsData, int rows, UnaryOperator<Tensor> f) {
        if (rows == 0) {
            return new float[0];
        }
        try (var noGrad = GradMode.noGrad(); var step = Workspace.step()) {
            Tensor y = f.apply(Tensor.constant(matrix(rowsData, rows)));
            return y.data().castTo(DataType.FLOAT).dup('c').data().asFloat();
        }
    }

    private INDArray matrix(float[] data, int rows) {
        if (data.length % rows != 0) {
            throw new IllegalArgumentException(data.length + " values do not make " + rows + " rows");
        }
        return Nd4j.createFromArray(data).reshape(rows, data.length / rows).castTo(dtype);
    }

    /** Row r times {@code 1/sqrt(degrees[r])} (0 for a node of degree 0). */
    private static void scaleRows(float[] m, int rows, int[] degrees) {
        int width = m.length / Math.max(1, rows);
        for (int r = 0; r < rows; r++) {
            float s = degrees[r] == 0 ? 0f : (float) (1.0 / Math.sqrt(degrees[r]));
            for (int c = r * width, end = c + width; c < end; c++) {
                m[c] *= s;
            }
        }
    }
}
