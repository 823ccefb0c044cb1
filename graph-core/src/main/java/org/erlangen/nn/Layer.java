package org.erlangen.nn;

import org.erlangen.tensor.Tensor;

/** A module that maps one tensor to one tensor, so layers of this kind can be stacked (see {@link MLP}). */
public interface Layer {
    Tensor forward(Tensor x);
}
