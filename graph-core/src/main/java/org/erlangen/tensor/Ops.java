package org.erlangen.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.erlangen.kernels.BiasKernels;
import org.erlangen.kernels.SparseKernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Arithmetic with NumPy broadcasting, and matrix products. Gradients of broadcast inputs are summed back. */
public final class Ops {
    private Ops() {
    }

    public static Tensor add(Tensor a, Tensor b) {
        INDArray out = a.data().add(b.data());
        return Tensor.result(out, g -> {
            accumulateReduced(a, g);
            // the backward pass hands each closure a gradient of its own: its last reader may keep it, uncopied
            accumulateReducedOwned(b, g);
        }, a, b);
    }

    public static Tensor sub(Tensor a, Tensor b) {
        INDArray out = a.data().sub(b.data());
        return Tensor.result(out, g -> {
            accumulateReduced(a, g);
            if (b.requiresGrad()) {
                b.accumulateOwned(unbroadcast(g.neg(), b.shape()));
            }
        }, a, b);
    }

    public static Tensor mul(Tensor a, Tensor b) {
        INDArray out = a.data().mul(b.data());
        return Tensor.result(out, g -> {
            if (a.requiresGrad()) {
                a.accumulateOwned(unbroadcast(g.mul(b.data()), a.shape()));
            }
            if (b.requiresGrad()) {
                b.accumulateOwned(unbroadcast(g.mul(a.data()), b.shape()));
            }
        }, a, b);
    }

    public static Tensor div(Tensor a, Tensor b) {
        INDArray out = a.data().div(b.data());
        return Tensor.result(out, g -> {
            if (a.requiresGrad()) {
                a.accumulateOwned(unbroadcast(g.div(b.data()), a.shape()));
            }
            if (b.requiresGrad()) {
                // d(a/b)/db = -a/b^2 = -out/b
                b.accumulateOwned(unbroadcast(g.mul(out).divi(b.data()).negi(), b.shape()));
            }
        }, a, b);
    }

    public static Tensor mul(Tensor a, double factor) {
        return Tensor.result(a.data().mul(factor), g -> a.accumulateOwned(g.mul(factor)), a);
    }

    public static Tensor add(Tensor a, double value) {
        return Tensor.result(a.data().add(value), a::accumulateOwned, a);
    }

    public static Tensor neg(Tensor a) {
        return Tensor.result(a.data().neg(), g -> a.accumulateOwned(g.neg()), a);
    }

    /** Elementwise {@code a^p} for a constant exponent. */
    public static Tensor pow(Tensor a, double p) {
        INDArray out = Transforms.pow(a.data(), p, true);
        return Tensor.result(out, g -> a.accumulateOwned(
                Transforms.pow(a.data(), p - 1, true).muli(g).muli(p)), a);
    }

    /** Matrix product of two rank-2 tensors. */
    public static Tensor matmul(Tensor a, Tensor b) {
        checkProduct(a, b);
        INDArray out = Nd4j.createUninitialized(a.dtype(), a.size(0), b.size(1));
        Gemm.product(a.data(), b.data(), out, false, false);
        return Tensor.result(out, g -> productBackward(a, b, g), a, b);
    }

    /**
     * {@code a b^T} for a [n, k] and b [m, k], without a transposed copy of b: scoring queries against a table of
     * embeddings. Gradients {@code g b} and {@code g^T a}.
     */
    public static Tensor matmulTransposed(Tensor a, Tensor b) {
        requireRank(a, 2, "matmulTransposed left");
        requireRank(b, 2, "matmulTransposed right");
        if (a.size(1) != b.size(1)) {
            throw new IllegalArgumentException("a b^T needs equal widths, got " + Arrays.toString(a.shape())
                    + " and " + Arrays.toString(b.shape()));
        }
        INDArray out = Nd4j.createUninitialized(a.dtype(), a.size(0), b.size(0));
        Gemm.product(a.data(), b.data(), out, false, true);
        return Tensor.result(out, g -> {
            if (a.requiresGrad()) {
                INDArray ga = Nd4j.createUninitialized(a.dtype(), a.size(0), a.size(1));
                Gemm.product(g, b.data(), ga, false, false);
                a.accumulateOwned(ga);
            }
            if (b.requiresGrad()) {
                INDArray gb = Nd4j.createUninitialized(b.dtype(), b.size(0), b.size(1));
                Gemm.product(g, a.data(), gb, true, false);
                b.accumulateOwned(gb);
            }
        }, a, b);
    }

    /** Gradients of {@code a b} from the gradient {@code g} of the product: {@code g b^T} and {@code a^T g}. */
    private static void productBackward(Tensor a, Tensor b, INDArray g) {
        INDArray ga = a.requiresGrad() ? Nd4j.createUninitialized(a.dtype(), a.size(0), a.size(1)) : null;
        INDArray gb = b.requiresGrad() ? Nd4j.createUninitialized(b.dtype(), b.size(0), b.size(1)) : null;
        if (ga != null && gb != null) {
            Gemm.both(g, b.data(), ga, false, true, a.data(), g, gb, true, false);
        } else if (ga != null) {
            Gemm.product(g, b.data(), ga, false, true);
        } else if (gb != null) {
            Gemm.product(a.data(), g, gb, true, false);
        }
        if (ga != null) {
            a.accumulateOwned(ga);
        }
        if (gb != null) {
            b.accumulateOwned(gb);
        }
    }

    /**
     * {@code x W + b}, the affine map of a linear layer, with the bias broadcast over rows. One operation: the bias
     * is added in place to the product, and the backward pass hands the output gradient straight to both products
     * (as a product and a separate addition it cost another output-sized array forward and a copy of the gradient
     * backward, an eighth of a SchNet step).
     */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return linear(x, weight, bias, false);
    }

    /**
     * {@code x W + b}, followed by a ReLU when {@code relu}, as one operation: the bias (and ReLU) are applied to the
     * product in place, and backward masks the gradient and sums it for the bias in one pass. Same values and
     * gradients as {@code relu(add(matmul(x, W), b))}, with two fewer full-size arrays each way.
     */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias, boolean relu) {
        if (bias == null || bias.rank() != 1 || x.rank() != 2 || weight.rank() != 2
                || bias.size(0) != weight.size(1) || bias.dtype() != x.dtype() || weight.dtype() != x.dtype()) {
            Tensor y = matmul(x, weight);
            y = bias == null ? y : add(y, bias);
            return relu ? Activations.relu(y) : y;
        }
        checkProduct(x, weight);
        INDArray out = Nd4j.createUninitialized(x.dtype(), x.size(0), weight.size(1));
        if (!BiasKernels.applies(out)) {
            Tensor y = add(matmul(x, weight), bias);
            return relu ? Activations.relu(y) : y;
        }
        Gemm.product(x.data(), weight.data(), out, false, false);
        BiasKernels.addBias(out, bias.data(), relu);
        return Tensor.result(out, g -> {
            INDArray masked = out.ulike();
            INDArray biasGrad = BiasKernels.maskAndSumColumns(g, out, relu, masked);
            if (bias.requiresGrad()) {
                bias.accumulateOwned(biasGrad);
            }
            // the product's own backward: gradients of x and W from the masked gradient
            productBackward(x, weight, masked);
        }, x, weight, bias);
    }

    /**
     * {@code y W + x[:n] W_r + b} with {@code n} the rows of {@code y}, then a ReLU when {@code relu}: a layer's
     * aggregated messages and its nodes' own rows (GraphSAGE's root weight) mapped into one output. {@code weight}
     * may be null ({@code y} taken as it is, already transformed), {@code bias} too. {@code x} may have more rows
     * than {@code y}: a sampled layer's receivers are the first of its nodes, so the root rows are read where they
     * lie. One operation: the second product is summed into the first's output, bias and ReLU applied in place,
     * and backward masks the gradient once and runs the weights' products in pairs. Same values and gradients as
     * {@code relu(add(add(matmul(y, W), matmul(slice(x, 0, 0, n), W_r)), b))}, without the slice, the sums and the
     * ReLU's arrays.
     */
    public static Tensor linearWithRoot(Tensor y, Tensor weight, Tensor x, Tensor rootWeight, Tensor bias,
            boolean relu) {
        requireRank(y, 2, "linearWithRoot aggregated");
        checkProduct(x, rootWeight);
        long n = y.rows();
        long width = rootWeight.size(1);
        if (x.rows() < n) {
            throw new IllegalArgumentException("linearWithRoot: " + n + " aggregated rows but only " + x.rows()
                    + " root rows");
        }
        if (weight == null ? y.size(1) != width : y.size(1) != weight.size(0) || weight.size(1) != width) {
            throw new IllegalArgumentException("linearWithRoot: aggregated rows " + Arrays.toString(y.shape())
                    + (weight == null ? "" : " times " + Arrays.toString(weight.shape())) + " do not fit root products"
                    + " of width " + width);
        }
        DataType type = x.dtype();
        boolean fused = Blas.onCpu() && (type == DataType.FLOAT || type == DataType.DOUBLE) && y.dtype() == type
                && rootWeight.dtype() == type && (weight == null || weight.dtype() == type)
                && (bias == null || (bias.rank() == 1 && bias.size(0) == width && bias.dtype() == type));
        if (!fused) {
            Tensor own = x.rows() == n ? x : Shapes.slice(x, 0, 0, n);
            Tensor sum = add(weight == null ? y : matmul(y, weight), matmul(own, rootWeight));
            sum = bias == null ? sum : add(sum, bias);
            return relu ? Activations.relu(sum) : sum;
        }
        INDArray out = Nd4j.createUninitialized(type, n, width);
        if (weight == null) {
            out.assign(y.data());
        } else {
            Gemm.product(y.data(), weight.data(), out, false, false);
        }
        INDArray own = rootRows(x.data(), n);
        Gemm.productAdd(own, rootWeight.data(), out, false, false);
        if (bias != null || relu) {
            BiasKernels.addBias(out, bias == null ? Nd4j.zeros(out.dataType(), width) : bias.data(), relu);
        }
        return Tensor.result(out, g -> {
            INDArray masked = g;
            if (bias != null || relu) {
                masked = out.ulike();
                INDArray biasGrad = BiasKernels.maskAndSumColumns(g, out, relu, masked);
                if (bias != null && bias.requiresGrad()) {
                    bias.accumulateOwned(biasGrad);
                }
            }
            List<Gemm.Job> jobs = new ArrayList<>(4);
            INDArray gw = null;
            INDArray gy = null;
            if (weight != null && weight.requiresGrad()) {
                gw = Nd4j.createUninitialized(weight.dtype(), weight.shape());
                jobs.add(new Gemm.Job(y.data(), masked, gw, true, false));
            }
            if (weight != null && y.requiresGrad()) {
                gy = Nd4j.createUninitialized(y.dtype(), y.shape());
                jobs.add(new Gemm.Job(masked, weight.data(), gy, false, true));
            }
            INDArray gr = null;
            INDArray gx = null;
            if (rootWeight.requiresGrad()) {
                gr = Nd4j.createUninitialized(rootWeight.dtype(), rootWeight.shape());
                jobs.add(new Gemm.Job(own, masked, gr, true, false));
            }
            if (x.requiresGrad()) {
                // rows past the first n feed no output here: their gradient is zero
                gx = x.rows() == n ? Nd4j.createUninitialized(x.dtype(), x.shape()) : Nd4j.zeros(x.dtype(), x.shape());
                jobs.add(new Gemm.Job(masked, rootWeight.data(), rootRows(gx, n), false, true));
            }
            Gemm.all(jobs);
            if (gw != null) {
                weight.accumulateOwned(gw);
            }
            if (gy != null) {
                y.accumulateOwned(gy);
            }
            if (gr != null) {
                rootWeight.accumulateOwned(gr);
            }
            if (gx != null) {
                x.accumulateOwned(gx);
            }
            if (weight == null && y.requiresGrad()) {
                if (masked == g) {
                    y.accumulate(g);
                } else {
                    y.accumulateOwned(masked); // read by no product any more
                }
            }
        }, y, weight, x, rootWeight, bias);
    }

    /** The first {@code n} rows of a row-major matrix, as a view on its memory when there are more. */
    private static INDArray rootRows(INDArray m, long n) {
        return m.rows() == n ? m : m.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
    }

    /** Adds {@code g}, summed to {@code t}'s shape, to t's gradient, copying when {@code g} is passed on unchanged. */
    static void accumulateReduced(Tensor t, INDArray g) {
        if (!t.requiresGrad()) {
            return;
        }
        INDArray r = unbroadcast(g, t.shape());
        if (r == g) {
            t.accumulate(g);
        } else {
            t.accumulateOwned(r);
        }
    }

    /** {@link #accumulateReduced} of a gradient the caller owns and will not read again. */
    static void accumulateReducedOwned(Tensor t, INDArray g) {
        if (t.requiresGrad()) {
            t.accumulateOwned(unbroadcast(g, t.shape()));
        }
    }

    /** Sums {@code g} over the dimensions along which an input of {@code shape} was broadcast. */
    static INDArray unbroadcast(INDArray g, long[] shape) {
        if (Arrays.equals(g.shape(), shape)) {
            return g;
        }
        if (g.rank() == 2 && shape.length == 1 && shape[0] == g.size(1)) {
            return columnSums(g);
        }
        INDArray r = g;
        int extra = g.rank() - shape.length;
        if (extra > 0) {
            int[] lead = new int[extra];
            for (int i = 0; i < extra; i++) {
                lead[i] = i;
            }
            r = r.sum(lead);
        }
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1 && r.size(d) != 1) {
                r = r.sum(true, d);
            }
        }
        return r.reshape(shape);
    }

    /**
     * Column sums of a matrix as a product with a vector of ones: ND4J's reduction along dimension 0 of a row-major
     * matrix is about ten times slower (a bias gradient over 100,000 x 64 took 25 ms).
     */
    static INDArray columnSums(INDArray g) {
        INDArray fast = SparseKernels.columnSums(g);
        if (fast != null) {
            return fast;
        }
        INDArray ones = Nd4j.ones(g.dataType(), 1, g.size(0));
        INDArray out = Nd4j.createUninitialized(g.dataType(), 1, g.size(1));
        Nd4j.gemm(ones, g, out, false, false, 1.0, 0.0);
        return out.reshape(g.size(1));
    }

    private static void checkProduct(Tensor a, Tensor b) {
        requireRank(a, 2, "matmul left operand");
        requireRank(b, 2, "matmul right operand");
        if (a.size(1) != b.size(0)) {
            throw new IllegalArgumentException("matmul shapes do not fit: " + Arrays.toString(a.shape()) + " x "
                    + Arrays.toString(b.shape()));
        }
    }

    static void requireRank(Tensor t, int rank, String what) {
        if (t.rank() != rank) {
            throw new IllegalArgumentException(what + " must have rank " + rank + ", shape is "
                    + Arrays.toString(t.shape()));
        }
    }
}
