package org.erlangen.gnn.geometric;

import org.erlangen.graph.GraphBatch;
import org.erlangen.tensor.Tensor;

/**
 * A model of the energy of each molecule of a batch. Graphs carry atom type indices as their one node feature
 * ({@link AtomTypeIndex}) and atom positions; edges name the atom pairs that interact.
 */
public interface EnergyModel {
    /** The energy of every molecule, {@code [B, 1]}, for {@code positions} ({@code [N, 3]}, which may need a gradient). */
    Tensor energy(GraphBatch batch, Tensor positions);

    /** The energy at the batch's own positions. */
    default Tensor energy(GraphBatch batch) {
        if (batch.graph().positions() == null) {
            throw new IllegalArgumentException("the batch has no atom positions");
        }
        return energy(batch, Tensor.constant(batch.graph().positions()));
    }

    /** Number of atom types the embedding table holds. */
    int atomTypes();
}
