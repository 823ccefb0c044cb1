package org.erlangen.train;

import java.util.List;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A loss whose value and gradients were computed elsewhere (data-parallel workers, each on its own mini-batch, the
 * gradients summed across them), as a tensor the one training loop steps on: the first-order expansion
 * {@code f(theta) = value + sum_p <g_p, theta_p - theta0_p>} around the parameters' values {@code theta0} when it is
 * made. At {@code theta0} it is {@code value}, and its gradient is {@code g} everywhere, so the trainer's backward pass
 * hands the parameters exactly the given gradients; Adam, weight decay, clipping and the schedule then run as for
 * a loss computed here.
 */
public final class GivenGradients {
    private GivenGradients() {
    }

    /**
     * The loss {@code value} with gradient {@code gradients.get(i)} for {@code parameters.get(i)} (same shapes and
     * data type).
     */
    public static Tensor loss(double value, List<Tensor> parameters, List<INDArray> gradients) {
        if (parameters.size() != gradients.size()) {
            throw new IllegalArgumentException(gradients.size() + " gradients for " + parameters.size()
                    + " parameters");
        }
        INDArray[] at = new INDArray[parameters.size()];
        for (int i = 0; i < at.length; i++) {
            INDArray theta = parameters.get(i).data();
            INDArray g = gradients.get(i);
            if (!java.util.Arrays.equals(theta.shape(), g.shape()) || theta.dataType() != g.dataType()) {
                throw new IllegalArgumentException("gradient " + i + " is " + g.dataType() + " "
                        + java.util.Arrays.toString(g.shape()) + ", its parameter " + theta.dataType() + " "
                        + java.util.Arrays.toString(theta.shape()));
            }
            at[i] = theta.dup();
        }
        return expansion(value, parameters, gradients, at);
    }

    /** {@code value + sum_p <g_p, theta_p - at_p>}, exactly {@code value} while the parameters are at {@code at}. */
    static Tensor expansion(double value, List<Tensor> parameters, List<INDArray> gradients, INDArray[] at) {
        double sum = value;
        for (int i = 0; i < at.length; i++) {
            INDArray step = parameters.get(i).data().sub(at[i]);
            sum += step.muli(gradients.get(i)).sumNumber().doubleValue();
        }
        var dtype = parameters.isEmpty() ? org.nd4j.linalg.api.buffer.DataType.DOUBLE
                : parameters.get(0).dtype();
        Tensor[] inputs = parameters.toArray(Tensor[]::new);
        return Tensor.result(Nd4j.scalar(dtype, sum), gradOut -> {
            double scale = gradOut.getDouble(0);
            for (int i = 0; i < inputs.length; i++) {
                inputs[i].accumulate(gradients.get(i).mul(scale));
            }
        }, inputs);
    }
}
