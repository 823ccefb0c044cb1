package org.erlangen.train;

import java.util.List;
import org.erlangen.tensor.Tensor;

/**
 * Updates parameters in place from their accumulated gradients. Parameters whose gradient is null (unused in this
 * step) are left alone and their optimizer state does not advance.
 */
public interface Optimizer {
    /** Applies one update to every parameter that has a gradient. */
    void step();

    /** Clears the gradients of all parameters. */
    void zeroGrad();

    double learningRate();

    void setLearningRate(double lr);

    /** The parameters this optimizer updates, in order. */
    List<Tensor> parameters();
}
