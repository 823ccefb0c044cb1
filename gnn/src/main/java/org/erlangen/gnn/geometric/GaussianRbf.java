package org.erlangen.gnn.geometric;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.erlangen.tensor.Tensor;
import org.erlangen.tensor.Workspace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Expands distances in Gaussians on an even grid, {@code exp(-gamma (d - mu_k)^2)} with {@code mu_k} from {@code start}
 * to {@code stop} and {@code gamma = 1 / (2 spacing^2)}: SchNet's radial basis (PyTorch Geometric's
 * {@code GaussianSmearing}). Differentiable with respect to the distances, in the distances' data type.
 */
public final class GaussianRbf {
    private final double start;
    private final double stop;
    private final int count;
    private final double gamma;
    private final Map<DataType, INDArray> centres = new ConcurrentHashMap<>();

    public GaussianRbf(double start, double stop, int count) {
        if (count < 2 || !(stop > start) || Double.isInfinite(stop) || Double.isInfinite(start)) {
            throw new IllegalArgumentException("Gaussian basis needs at least 2 centres on a finite range start < stop,"
                    + " got " + count + " on [" + start + ", " + stop + "]");
        }
        this.start = start;
        this.stop = stop;
        this.count = count;
        double spacing = (stop - start) / (count - 1);
        this.gamma = 0.5 / (spacing * spacing);
    }

    /** {@code [E, 1]} (or {@code [E]}) distances to {@code [E, count]} basis values. */
    public Tensor expand(Tensor distances) {
        INDArray d = distances.data();
        long e = d.length();
        if (d.rank() > 2 || (d.rank() == 2 && d.size(1) != 1)) {
            throw new IllegalArgumentException("Gaussian basis expects distances of shape [E, 1] or [E], got "
                    + Arrays.toString(d.shape()));
        }
        INDArray diff = d.reshape(e, 1).sub(centres(d.dataType()));
        INDArray out = Transforms.exp(diff.mul(diff).muli(-gamma), false);
        long[] shape = distances.shape();
        return Tensor.result(out, g -> distances.accumulateOwned(
                g.mul(out).muli(diff).sum(true, 1).muli(-2 * gamma).reshape(shape)), distances);
    }

    private INDArray centres(DataType dtype) {
        return centres.computeIfAbsent(dtype, t -> Workspace.outside(() -> {
            double[] mu = new double[count];
            for (int k = 0; k < count; k++) {
                mu[k] = start + (stop - start) * k / (count - 1);
            }
            return Nd4j.createFromArray(mu).castTo(t).reshape(1, count);
        }));
    }

    public int count() {
        return count;
    }

    public double gamma() {
        return gamma;
    }

    /** The centre of basis function {@code k}. */
    public double centre(int k) {
        return start + (stop - start) * k / (count - 1);
    }
}
