package org.erlangen.gnn.models;

import java.util.random.RandomGenerator;
import org.erlangen.gnn.conv.GraphLayer;
import org.erlangen.nn.Module;
import org.nd4j.linalg.api.buffer.DataType;

/** Makes one graph layer of a model from its input and output widths and the model's settings. */
@FunctionalInterface
public interface LayerFactory {
    /**
     * @param last whether this is the model's last graph layer (multi-head layers average their heads there
     *     instead of concatenating them)
     */
    Module create(int in, int out, boolean last, ModelConfig config, RandomGenerator random, DataType dtype);

    /** The layer as a {@link GraphLayer}, refusing a factory that made something else. */
    static GraphLayer asGraphLayer(Module module) {
        if (!(module instanceof GraphLayer layer)) {
            throw new IllegalStateException(module.getClass().getSimpleName() + " is not a graph layer");
        }
        return layer;
    }
}
