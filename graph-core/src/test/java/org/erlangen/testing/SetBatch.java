package org.erlangen.testing;

import org.erlangen.sparse.Segments;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Sets as rows: {@code elements} holds the elements of every set, set b being the rows {@code sets} gives it. */
public record SetBatch(INDArray elements, Segments sets) {
    public SetBatch {
        if (elements.rank() == 0 || elements.size(0) != sets.total()) {
            throw new IllegalArgumentException("sets cover " + sets.total() + " rows, but the elements have shape "
                    + java.util.Arrays.toString(elements.shape()));
        }
    }

    /** The rows of one set. */
    public static SetBatch single(INDArray elements) {
        return new SetBatch(elements, Segments.ofSizes(new int[] {(int) elements.size(0)}));
    }
}
