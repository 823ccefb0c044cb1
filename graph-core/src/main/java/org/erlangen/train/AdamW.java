package org.erlangen.train;

import java.util.List;
import org.erlangen.tensor.Tensor;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter), as PyTorch's {@code AdamW}: before the Adam update each
 * parameter is scaled by {@code 1 - lr * weightDecay}, instead of the decay being added to the gradient.
 */
public final class AdamW implements Optimizer {
    /** PyTorch's default decay for AdamW. */
    public static final double DEFAULT_WEIGHT_DECAY = 0.01;

    private final Adam adam;

    public AdamW(List<Tensor> params, double lr) {
        this(params, lr, Adam.DEFAULT_BETA1, Adam.DEFAULT_BETA2, Adam.DEFAULT_EPS, DEFAULT_WEIGHT_DECAY);
    }

    public AdamW(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        this.adam = new Adam(params, lr, beta1, beta2, eps, weightDecay, true);
    }

    @Override
    public void step() {
        adam.step();
    }

    @Override
    public void zeroGrad() {
        adam.zeroGrad();
    }

    @Override
    public double learningRate() {
        return adam.learningRate();
    }

    @Override
    public void setLearningRate(double lr) {
        adam.setLearningRate(lr);
    }

    @Override
    public List<Tensor> parameters() {
        return adam.parameters();
    }
}
