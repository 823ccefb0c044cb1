package org.erlangen.gnn.molecules;

import java.util.Arrays;

/**
 * A fixed list of elements whose position is the atom type index a 3D model embeds: {@code of(1, 6, 7, 8, 16)}
 * gives H 0, C 1, N 2, O 3, S 4.
 */
public final class AtomTypes {
    /** The elements of QM7: H, C, N, O, S. */
    public static final AtomTypes QM7 = of(1, 6, 7, 8, 16);

    private final int[] atomicNumbers;
    private final int[] indexOf = new int[119];

    private AtomTypes(int[] atomicNumbers) {
        this.atomicNumbers = atomicNumbers.clone();
        Arrays.fill(indexOf, -1);
        for (int i = 0; i < atomicNumbers.length; i++) {
            int z = atomicNumbers[i];
            if (z < 1 || z > 118 || indexOf[z] >= 0) {
                throw new IllegalArgumentException("atom types must be distinct atomic numbers in [1, 118], got "
                        + Arrays.toString(atomicNumbers));
            }
            indexOf[z] = i;
        }
    }

    public static AtomTypes of(int... atomicNumbers) {
        if (atomicNumbers.length == 0) {
            throw new IllegalArgumentException("need at least one atom type");
        }
        return new AtomTypes(atomicNumbers);
    }

    /** The index of an element; throws for one not in the list. */
    public int index(int atomicNumber) {
        int i = atomicNumber >= 1 && atomicNumber <= 118 ? indexOf[atomicNumber] : -1;
        if (i < 0) {
            throw new IllegalArgumentException("element " + atomicNumber + " is not among the atom types "
                    + Arrays.toString(atomicNumbers));
        }
        return i;
    }

    /** The type index of every atom of {@code m}. */
    public int[] indices(Molecule m) {
        int[] out = new int[m.atomCount()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = index(m.atomicNumber(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("atom " + i + " of '" + m.name() + "': " + e.getMessage(), e);
            }
        }
        return out;
    }

    public int count() {
        return atomicNumbers.length;
    }

    public int atomicNumber(int index) {
        return atomicNumbers[index];
    }

    @Override
    public String toString() {
        return "AtomTypes" + Arrays.toString(atomicNumbers);
    }
}
