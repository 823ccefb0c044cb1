package org.erlangen.nn;

import java.util.Arrays;
import java.util.Locale;
import org.erlangen.tensor.Activations;
import org.erlangen.tensor.Tensor;

/** The nonlinearities a layer can be configured with, by name (as in a command line or a model file). */
public enum Activation {
    IDENTITY,
    RELU,
    /** Slope 0.01 for negative inputs, PyTorch's default. */
    LEAKY_RELU,
    /** alpha 1. */
    ELU,
    SIGMOID,
    TANH,
    SOFTPLUS,
    SILU,
    /** The tanh approximation. */
    GELU;

    public Tensor apply(Tensor x) {
        return switch (this) {
            case IDENTITY -> x;
            case RELU -> Activations.relu(x);
            case LEAKY_RELU -> Activations.leakyRelu(x, 0.01);
            case ELU -> Activations.elu(x, 1.0);
            case SIGMOID -> Activations.sigmoid(x);
            case TANH -> Activations.tanh(x);
            case SOFTPLUS -> Activations.softplus(x);
            case SILU -> Activations.silu(x);
            case GELU -> Activations.gelu(x);
        };
    }

    /** The activation called {@code name}, case-insensitively, with '-' or '_' ("leaky-relu"). */
    public static Activation of(String name) {
        String key = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Activation a : values()) {
            if (a.name().equals(key)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "'; expected one of "
                + Arrays.toString(values()).toLowerCase(Locale.ROOT));
    }
}
