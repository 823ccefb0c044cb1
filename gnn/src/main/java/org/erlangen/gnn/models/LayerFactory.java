package org.erlangen.gnn.models;

import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.buffer.DataType;

/** Makes one graph layer of a model from its input and output widths and the model's settings. */
@FunctionalInterface
public interface LayerFactory {
    GraphLayer create(int in, int out, ModelConfig config, RandomGenerator random, DataType dtype);
}
