package org.erlangen.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A piece of a model with named parameters, named buffers (state that is saved but not trained, such as running
 * statistics) and named child modules. Names nest with dots, as in PyTorch ({@code layers.0.weight}), so a state
 * dictionary written here reads in PyTorch and back.
 */
public abstract class Module {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, INDArray> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Registers a trainable parameter with its initial value. */
    protected final Tensor parameter(String name, INDArray initial) {
        checkName(name);
        Tensor p = Tensor.parameter(initial);
        parameters.put(name, p);
        return p;
    }

    /** Registers a buffer: saved with the model, updated in place, never trained. */
    protected final INDArray buffer(String name, INDArray initial) {
        checkName(name);
        buffers.put(name, initial);
        return initial;
    }

    /** Registers a child module. */
    protected final <M extends Module> M child(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("a parameter, buffer or child name must be non-empty without dots: '"
                    + name + "'");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("name already registered: " + name);
        }
    }

    /** All parameters, this module's first, then each child's under its name. */
    public final Map<String, Tensor> namedParameters() {
        Map<String, Tensor> all = new LinkedHashMap<>(parameters);
        children.forEach((c, m) -> m.namedParameters().forEach((n, p) -> all.put(c + "." + n, p)));
        return all;
    }

    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** All buffers, named like parameters. */
    public final Map<String, INDArray> namedBuffers() {
        Map<String, INDArray> all = new LinkedHashMap<>(buffers);
        children.forEach((c, m) -> m.namedBuffers().forEach((n, b) -> all.put(c + "." + n, b)));
        return all;
    }

    /** Parameters and buffers by name: what a model file stores. */
    public final Map<String, INDArray> stateDict() {
        Map<String, INDArray> state = new LinkedHashMap<>();
        namedParameters().forEach((n, p) -> state.put(n, p.data()));
        state.putAll(namedBuffers());
        return state;
    }

    /** A copy of {@link #stateDict()} that later training does not change: a checkpoint in memory. */
    public final Map<String, INDArray> stateCopy() {
        Map<String, INDArray> copy = new LinkedHashMap<>();
        stateDict().forEach((name, value) -> copy.put(name, value.dup()));
        return copy;
    }

    /**
     * Copies values into this module's parameters and buffers. Every name must be present with the same shape, and
     * no unknown name may appear, so a model file for another architecture is refused rather than half-loaded.
     */
    public final void loadStateDict(Map<String, INDArray> state) {
        Map<String, INDArray> own = stateDict();
        for (String name : state.keySet()) {
            if (!own.containsKey(name)) {
                throw new IllegalArgumentException("unexpected tensor '" + name + "'; this model has " + own.keySet());
            }
        }
        for (var entry : own.entrySet()) {
            INDArray value = state.get(entry.getKey());
            if (value == null) {
                throw new IllegalArgumentException("missing tensor '" + entry.getKey() + "'");
            }
            if (!Arrays.equals(value.shape(), entry.getValue().shape())) {
                throw new IllegalArgumentException("tensor '" + entry.getKey() + "' has shape "
                        + Arrays.toString(value.shape()) + ", this model expects "
                        + Arrays.toString(entry.getValue().shape()));
            }
        }
        own.forEach((name, target) -> target.assign(state.get(name).castTo(target.dataType())));
    }

    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** Switches this module and its children between training (dropout, batch statistics) and evaluation. */
    public final void train(boolean on) {
        training = on;
        children.values().forEach(m -> m.train(on));
    }

    public final void eval() {
        train(false);
    }

    public final boolean isTraining() {
        return training;
    }

    public final void zeroGrad() {
        parameters().forEach(Tensor::zeroGrad);
    }

    /**
     * Frees the native memory of this module's parameters, their gradients and its buffers now, rather than whenever
     * the garbage collector finds them (which a server that disables explicit GC may put off for long). The module
     * cannot be used afterwards; arrays that are views or shared with ND4J's caches are left alone.
     */
    public final void release() {
        for (Tensor p : parameters()) {
            close(p.grad());
            close(p.data());
        }
        namedBuffers().values().forEach(Module::close);
    }

    private static void close(INDArray array) {
        if (array != null && !array.wasClosed() && array.closeable()) {
            array.close();
        }
    }

    /** Number of trainable scalars. */
    public final long parameterCount() {
        return parameters().stream().mapToLong(p -> p.data().length()).sum();
    }
}
