package org.erlangen.train;

import java.util.List;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stochastic gradient descent with PyTorch's update:
 * <pre>
 * d = grad + weightDecay * p
 * buf = d on the first step, else momentum * buf + (1 - dampening) d
 * d = nesterov ? d + momentum * buf : buf        (when momentum is not 0)
 * p -= lr * d
 * </pre>
 */
public final class SGD implements Optimizer {
    private final List<Tensor> params;
    private final double momentum;
    private final double dampening;
    private final double weightDecay;
    private final boolean nesterov;
    private final INDArray[] buffers;
    private final boolean[] started;
    private final INDArray[] scratchD;
    private final INDArray[] scratchB;
    private double lr;

    /** Plain SGD: no momentum, no weight decay. */
    public SGD(List<Tensor> params, double lr) {
        this(params, lr, 0.0, 0.0, 0.0, false);
    }

    public SGD(List<Tensor> params, double lr, double momentum, double dampening, double weightDecay,
            boolean nesterov) {
        this.params = ParamState.checkedParameters(params);
        this.lr = ParamState.checkLr(lr);
        this.momentum = ParamState.checkNonNegative(momentum, "SGD momentum");
        this.dampening = ParamState.checkNonNegative(dampening, "SGD dampening");
        this.weightDecay = ParamState.checkNonNegative(weightDecay, "weight decay");
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("Nesterov momentum needs momentum > 0 and dampening 0, got momentum "
                    + momentum + ", dampening " + dampening);
        }
        this.nesterov = nesterov;
        int n = this.params.size();
        buffers = new INDArray[n];
        started = new boolean[n];
        scratchD = new INDArray[n];
        scratchB = new INDArray[n];
        for (int i = 0; i < n; i++) {
            INDArray p = this.params.get(i).data();
            scratchD[i] = p.ulike();
            if (momentum != 0) {
                buffers[i] = p.ulike();
                scratchB[i] = p.ulike();
            }
        }
    }

    @Override
    public void step() {
        for (int i = 0; i < params.size(); i++) {
            Tensor param = params.get(i);
            if (param.grad() == null) {
                continue;
            }
            ParamState.checkGrad(param, i);
            INDArray p = param.data();
            INDArray d = scratchD[i];
            if (weightDecay != 0) {
                d.assign(p).muli(weightDecay).addi(param.grad());
            } else {
                d.assign(param.grad());
            }
            if (momentum == 0) {
                p.subi(d.muli(lr));
                continue;
            }
            INDArray buf = buffers[i];
            INDArray b = scratchB[i];
            if (!started[i]) {
                buf.assign(d);
                started[i] = true;
            } else {
                buf.muli(momentum).addi(b.assign(d).muli(1 - dampening));
            }
            if (nesterov) {
                p.subi(d.muli(lr));
                p.subi(b.assign(buf).muli(lr * momentum));
            } else {
                p.subi(b.assign(buf).muli(lr));
            }
        }
    }

    @Override
    public void zeroGrad() {
        ParamState.zeroGrad(params);
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public void setLearningRate(double lr) {
        this.lr = ParamState.checkLr(lr);
    }

    @Override
    public List<Tensor> parameters() {
        return params;
    }
}
