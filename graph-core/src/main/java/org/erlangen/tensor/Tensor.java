package org.erlangen.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.erlangen.kernels.Termination;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An n-dimensional array with an optional gradient and the function that carries the gradient back to its inputs.
 *
 * <p>Values are ND4J arrays (so the ND4J backend, CPU or CUDA, owns the memory). A tensor made by an operation on
 * tensors that require gradients records a backward closure; {@link #backward()} walks those closures in reverse
 * topological order. Under {@link GradMode#noGrad()} nothing is recorded.
 */
public final class Tensor {
    /**
     * Carries the gradient of this tensor's value back to the tensors it was computed from. The gradient is the
     * closure's own (the pass has let go of it): once done reading it, the closure may give it to one input with
     * {@link #accumulateOwned}.
     */
    @FunctionalInterface
    public interface Backward {
        void apply(INDArray gradOut);
    }

    private static final Tensor[] NO_PARENTS = new Tensor[0];

    private final INDArray data;
    private final float[] heapValues;
    private final boolean requiresGrad;
    private final Tensor[] parents;
    private final Backward backward;
    private INDArray grad;

    private Tensor(INDArray data, boolean requiresGrad, Tensor[] parents, Backward backward) {
        this(data, null, requiresGrad, parents, backward);
    }

    private Tensor(INDArray data, float[] heapValues, boolean requiresGrad, Tensor[] parents, Backward backward) {
        this.data = data;
        this.heapValues = heapValues;
        this.requiresGrad = requiresGrad;
        this.parents = parents;
        this.backward = backward;
    }

    /** A tensor that never requires a gradient: inputs, targets, masks. */
    public static Tensor constant(INDArray data) {
        return new Tensor(data, false, NO_PARENTS, null);
    }

    /**
     * A constant whose values are also held in a Java array, row-major, as a sampled batch's gathered feature rows
     * are: the CPU's sparse kernels read them there in place, where they copy an array's values out first (a copy as
     * large as the batch's input, every step). Neither may change afterwards.
     *
     * The heap array may be longer (an array of a size class, reused from batch to batch): its first values are the
     * constant's.
     *
     * @throws IllegalArgumentException when {@code data} is not a float array or has more values than the heap array
     */
    public static Tensor constant(INDArray data, float[] heapValues) {
        if (data.dataType() != DataType.FLOAT || data.length() > heapValues.length) {
            throw new IllegalArgumentException("a constant's heap values must begin with its " + data.length() + " "
                    + data.dataType() + " values, got " + heapValues.length + " floats");
        }
        return new Tensor(data, heapValues, false, NO_PARENTS, null);
    }

    /** A leaf whose gradient is accumulated by {@link #backward()}: model parameters. */
    public static Tensor parameter(INDArray data) {
        return new Tensor(data, true, NO_PARENTS, null);
    }

    public static Tensor scalar(double value, DataType dtype) {
        return constant(Nd4j.scalar(dtype, value));
    }

    /**
     * The result of an operation. It records {@code backward} only when recording is on and some input requires a
     * gradient; the closure must add each input's gradient through {@link #accumulate} or {@link #accumulateOwned}.
     */
    public static Tensor result(INDArray data, Backward backward, Tensor... inputs) {
        if (GradMode.isEnabled()) {
            for (Tensor input : inputs) {
                if (input != null && input.requiresGrad) {
                    return new Tensor(data, true, inputs, backward);
                }
            }
        }
        return new Tensor(data, false, NO_PARENTS, null);
    }

    public INDArray data() {
        return data;
    }

    /** The values in a Java array, row-major, for a constant made with them; else null. */
    public float[] heapValues() {
        return heapValues;
    }

    /** The accumulated gradient, or null when none has reached this tensor. */
    public INDArray grad() {
        return grad;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    public boolean isLeaf() {
        return backward == null;
    }

    public DataType dtype() {
        return data.dataType();
    }

    public long[] shape() {
        return data.shape();
    }

    public long size(int dim) {
        return data.size(dim);
    }

    public int rank() {
        return data.rank();
    }

    public long rows() {
        return data.size(0);
    }

    public long columns() {
        return data.rank() < 2 ? 1 : data.size(1);
    }

    /** The value of a one-element tensor. */
    public double item() {
        if (data.length() != 1) {
            throw new IllegalStateException("item() needs a one-element tensor, shape is " + Arrays.toString(shape()));
        }
        return data.getDouble(0);
    }

    /** Adds {@code g} to this tensor's gradient, copying it if this is the first contribution (callers may reuse it). */
    public void accumulate(INDArray g) {
        if (!requiresGrad) {
            return;
        }
        checkGradShape(g);
        if (grad == null) {
            grad = g.dup();
        } else {
            grad.addi(g);
        }
    }

    /** Like {@link #accumulate} for an array the caller made for this purpose and will not touch again. */
    public void accumulateOwned(INDArray g) {
        if (!requiresGrad) {
            return;
        }
        checkGradShape(g);
        if (grad == null) {
            grad = g;
        } else {
            grad.addi(g);
        }
    }

    private void checkGradShape(INDArray g) {
        if (!Arrays.equals(g.shape(), data.shape())) {
            throw new IllegalStateException("gradient shape " + Arrays.toString(g.shape())
                    + " does not match value shape " + Arrays.toString(data.shape()));
        }
    }

    public void zeroGrad() {
        grad = null;
    }

    /** Back-propagates from a one-element tensor (a loss) with seed gradient 1. */
    public void backward() {
        if (data.length() != 1) {
            throw new IllegalStateException("backward() without a seed needs a scalar, shape is "
                    + Arrays.toString(shape()));
        }
        backward(Nd4j.onesLike(data));
    }

    /** Back-propagates {@code seed}, the gradient of some scalar with respect to this tensor. */
    public void backward(INDArray seed) {
        if (!requiresGrad) {
            throw new IllegalStateException("backward() on a tensor that does not require a gradient");
        }
        accumulate(seed);
        List<Tensor> order = topologicalOrder();
        for (int i = order.size() - 1; i >= 0; i--) {
            Tensor t = order.get(i);
            if (t.backward != null && t.grad != null) {
                Termination.check(); // a large model's backward pass runs for seconds
                INDArray g = t.grad;
                t.grad = null; // intermediate gradients are not kept: leaves hold what the optimizer needs
                t.backward.apply(g);
            }
        }
    }

    /** Tensors reachable from this one, each after all tensors it was computed from. */
    private List<Tensor> topologicalOrder() {
        List<Tensor> order = new ArrayList<>();
        Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Tensor> stack = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        stack.push(this);
        next.push(0);
        visited.add(this);
        while (!stack.isEmpty()) {
            Tensor t = stack.peek();
            int i = next.pop();
            if (i < t.parents.length) {
                next.push(i + 1);
                Tensor p = t.parents[i];
                if (p != null && p.requiresGrad && visited.add(p)) {
                    stack.push(p);
                    next.push(0);
                }
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }

    /** This value without its history: a constant sharing the same array. */
    public Tensor detach() {
        return constant(data);
    }

    // Fluent shortcuts for the most common operations; the full set lives in the op classes.

    public Tensor add(Tensor other) {
        return Ops.add(this, other);
    }

    public Tensor sub(Tensor other) {
        return Ops.sub(this, other);
    }

    public Tensor mul(Tensor other) {
        return Ops.mul(this, other);
    }

    public Tensor div(Tensor other) {
        return Ops.div(this, other);
    }

    public Tensor mul(double factor) {
        return Ops.mul(this, factor);
    }

    public Tensor matmul(Tensor other) {
        return Ops.matmul(this, other);
    }

    public Tensor relu() {
        return Activations.relu(this);
    }

    public Tensor sum() {
        return Reductions.sum(this);
    }

    public Tensor mean() {
        return Reductions.mean(this);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape()) + (requiresGrad ? "(grad)" : "") + "\n" + data;
    }
}
