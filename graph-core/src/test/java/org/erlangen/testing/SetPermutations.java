package org.erlangen.testing;

import java.util.Random;

/**
 * Reorderings of the elements of each set of a {@link SetBatch}, the sets keeping their places. A set layer's
 * element-level output is equivariant, its rows moving with the elements; a set-level output is invariant.
 */
public final class SetPermutations implements Group<SetBatch> {
    private SetPermutations() {
    }

    public static SetPermutations withinSets() {
        return new SetPermutations();
    }

    @Override
    public String name() {
        return "permutations within sets";
    }

    @Override
    public Element<SetBatch> draw(SetBatch input, Random random) {
        int[] perm = Permutations.withinSegments(input.sets(), random);
        return Element.of("elements to " + RowMaps.show(perm),
                x -> new SetBatch(Permutations.rows(x.elements(), perm), x.sets()),
                y -> {
                    if (y.rank() == 0 || y.size(0) != perm.length) {
                        throw new IllegalArgumentException("an output with one row per element needs " + perm.length
                                + " rows, got shape " + java.util.Arrays.toString(y.shape()));
                    }
                    return Permutations.rows(y, perm);
                });
    }
}
