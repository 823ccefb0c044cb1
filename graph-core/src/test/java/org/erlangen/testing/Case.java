package org.erlangen.testing;

import java.util.function.Function;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer under test, as a function of its input, with the input to check it on, built in one data type. The seed
 * draws the group element; the label names the layer in failure messages when a test checks several.
 */
public record Case<X>(String label, X input, Function<X, INDArray> layer, long seed) {
    /** The seed of a case that names none. */
    public static final long SEED = 41;

    public Case {
        if (label == null || input == null || layer == null) {
            throw new IllegalArgumentException("a case needs a label, an input and a layer (got label " + label
                    + ", input " + input + ", layer " + layer + ")");
        }
    }

    /** A layer that gives a tensor. */
    public static <X> Case<X> of(X input, Function<X, Tensor> layer) {
        return new Case<>("the layer", input, x -> layer.apply(x).data(), SEED);
    }

    /** A function that gives an array, such as a positional encoding. */
    public static <X> Case<X> ofArray(X input, Function<X, INDArray> layer) {
        return new Case<>("the layer", input, layer, SEED);
    }

    public Case<X> named(String name) {
        return new Case<>(name, input, layer, seed);
    }

    public Case<X> withSeed(long s) {
        return new Case<>(label, input, layer, s);
    }
}
