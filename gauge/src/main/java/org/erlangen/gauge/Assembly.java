package org.erlangen.gauge;

import java.util.List;
import org.erlangen.kernels.Buffers;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The differentiable op that builds a structured array (an equivariant weight matrix) from free parameters:
 * {@code out[position[i]] += sign[i] * parts[part[i]][element[i]]} over a list of placements, zeros elsewhere.
 * Meant for small arrays (weights), so it works on Java copies.
 */
final class Assembly {
    private final long[] shape;
    private final int[] part;
    private final int[] element;
    private final int[] position;
    private final double[] sign;

    Assembly(long[] shape, int[] part, int[] element, int[] position, double[] sign) {
        this.shape = shape.clone();
        this.part = part;
        this.element = element;
        this.position = position;
        this.sign = sign;
    }

    Tensor apply(List<Tensor> parts, DataType dtype) {
        long size = 1;
        for (long s : shape) {
            size *= s;
        }
        double[][] values = new double[parts.size()][];
        for (int p = 0; p < values.length; p++) {
            values[p] = Buffers.doubles(parts.get(p).data());
        }
        double[] out = new double[(int) size];
        for (int i = 0; i < part.length; i++) {
            out[position[i]] += sign[i] * values[part[i]][element[i]];
        }
        INDArray result = Nd4j.createFromArray(out).reshape('c', shape).castTo(dtype);
        return Tensor.result(result, g -> {
            double[] gs = Buffers.doubles(g);
            double[][] grads = new double[parts.size()][];
            for (int p = 0; p < grads.length; p++) {
                grads[p] = new double[values[p].length];
            }
            for (int i = 0; i < part.length; i++) {
                grads[part[i]][element[i]] += sign[i] * gs[position[i]];
            }
            for (int p = 0; p < grads.length; p++) {
                Tensor t = parts.get(p);
                if (t.requiresGrad()) {
                    t.accumulateOwned(Nd4j.createFromArray(grads[p]).reshape('c', t.shape()).castTo(t.dtype()));
                }
            }
        }, parts.toArray(new Tensor[0]));
    }
}
