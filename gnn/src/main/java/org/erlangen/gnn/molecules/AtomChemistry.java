package org.erlangen.gnn.molecules;

/**
 * Perceived per-atom chemistry, index {@code i} for atom {@code i}: what a 2D graph's atom features need beyond the
 * element and charge.
 *
 * @param hydrogens total attached hydrogens (implicit and explicit)
 * @param hybridisations as CDK's atom typing perceives them
 * @param aromatic member of a perceived aromatic ring
 */
public record AtomChemistry(int[] hydrogens, Hybridisation[] hybridisations, boolean[] aromatic) {
    public AtomChemistry {
        if (hydrogens.length != hybridisations.length || hydrogens.length != aromatic.length) {
            throw new IllegalArgumentException("atom chemistry arrays differ in length: " + hydrogens.length + ", "
                    + hybridisations.length + ", " + aromatic.length);
        }
        hydrogens = hydrogens.clone();
        hybridisations = hybridisations.clone();
        aromatic = aromatic.clone();
    }

    public int atomCount() {
        return hydrogens.length;
    }

    public int hydrogens(int atom) {
        return hydrogens[atom];
    }

    public Hybridisation hybridisation(int atom) {
        return hybridisations[atom];
    }

    public boolean aromatic(int atom) {
        return aromatic[atom];
    }

    @Override
    public int[] hydrogens() {
        return hydrogens.clone();
    }

    @Override
    public Hybridisation[] hybridisations() {
        return hybridisations.clone();
    }

    @Override
    public boolean[] aromatic() {
        return aromatic.clone();
    }
}
