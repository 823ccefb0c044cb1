package org.erlangen.gnn.molecules;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openscience.cdk.config.Elements;

/**
 * A molecule as read from a file: atoms by atomic number, and what the format gave or CDK perceived. Optional parts
 * are null when absent: XYZ gives positions but no bonds; SMILES gives bonds and chemistry but no positions.
 *
 * @param name an identifier from the file (a compound name, a frame's comment)
 * @param atomicNumbers one per atom, 1 to 118
 * @param positions {@code [atoms][3]} Cartesian coordinates in Ångström, or null
 * @param formalCharges one per atom, or null (all neutral)
 * @param bonds or null when the format has none
 * @param chemistry perceived hydrogens, hybridisation and aromaticity, or null
 * @param targets named regression targets (such as an energy), possibly empty
 */
public record Molecule(String name, int[] atomicNumbers, double[][] positions, int[] formalCharges, List<Bond> bonds,
        AtomChemistry chemistry, Map<String, Double> targets) {
    public Molecule {
        if (name == null) {
            throw new IllegalArgumentException("a molecule needs a name (it may be empty)");
        }
        int n = atomicNumbers.length;
        if (n == 0) {
            throw new IllegalArgumentException("molecule '" + name + "' has no atoms");
        }
        atomicNumbers = atomicNumbers.clone();
        for (int i = 0; i < n; i++) {
            if (atomicNumbers[i] < 1 || atomicNumbers[i] > 118) {
                throw new IllegalArgumentException("atom " + i + " of '" + name + "' has atomic number "
                        + atomicNumbers[i]);
            }
        }
        if (positions != null) {
            if (positions.length != n) {
                throw new IllegalArgumentException("'" + name + "' has " + n + " atoms but " + positions.length
                        + " positions");
            }
            double[][] copy = new double[n][];
            for (int i = 0; i < n; i++) {
                if (positions[i].length != 3 || !Arrays.stream(positions[i]).allMatch(Double::isFinite)) {
                    throw new IllegalArgumentException("position of atom " + i + " of '" + name
                            + "' must be 3 finite numbers, got " + Arrays.toString(positions[i]));
                }
                copy[i] = positions[i].clone();
            }
            positions = copy;
        }
        if (formalCharges != null && formalCharges.length != n) {
            throw new IllegalArgumentException("'" + name + "' has " + n + " atoms but " + formalCharges.length
                    + " charges");
        }
        formalCharges = formalCharges == null ? null : formalCharges.clone();
        if (bonds != null) {
            for (Bond b : bonds) {
                if (b.begin() >= n || b.end() >= n) {
                    throw new IllegalArgumentException("bond " + b + " of '" + name + "' names an atom outside [0, "
                            + n + ")");
                }
            }
            bonds = List.copyOf(bonds);
        }
        if (chemistry != null && chemistry.atomCount() != n) {
            throw new IllegalArgumentException("'" + name + "' has " + n + " atoms but chemistry for "
                    + chemistry.atomCount());
        }
        for (var e : targets.entrySet()) {
            if (!Double.isFinite(e.getValue())) {
                throw new IllegalArgumentException("target " + e.getKey() + " of '" + name + "' is not finite: "
                        + e.getValue());
            }
        }
        targets = Collections.unmodifiableMap(new LinkedHashMap<>(targets));
    }

    public int atomCount() {
        return atomicNumbers.length;
    }

    public int atomicNumber(int atom) {
        return atomicNumbers[atom];
    }

    /** The element symbol of an atom ("C", "Cl"). */
    public String symbol(int atom) {
        return Elements.ofNumber(atomicNumbers[atom]).symbol();
    }

    /** The formal charge of an atom; 0 when the molecule has no charges. */
    public int formalCharge(int atom) {
        return formalCharges == null ? 0 : formalCharges[atom];
    }

    /** Number of bonds at each atom (0 everywhere without bonds). */
    public int[] degrees() {
        int[] d = new int[atomCount()];
        if (bonds != null) {
            for (Bond b : bonds) {
                d[b.begin()]++;
                d[b.end()]++;
            }
        }
        return d;
    }

    /** The named target; throws when the molecule has none of that name. */
    public double target(String key) {
        Double v = targets.get(key);
        if (v == null) {
            throw new IllegalArgumentException("molecule '" + name + "' has no target '" + key + "'; it has "
                    + targets.keySet());
        }
        return v;
    }

    /** The same atoms and bonds with other targets. */
    public Molecule withTargets(Map<String, Double> newTargets) {
        return new Molecule(name, atomicNumbers, positions, formalCharges, bonds, chemistry, newTargets);
    }

    /** The same molecule with another name. */
    public Molecule withName(String newName) {
        return new Molecule(newName, atomicNumbers, positions, formalCharges, bonds, chemistry, targets);
    }

    @Override
    public int[] atomicNumbers() {
        return atomicNumbers.clone();
    }

    @Override
    public double[][] positions() {
        if (positions == null) {
            return null;
        }
        double[][] copy = new double[positions.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = positions[i].clone();
        }
        return copy;
    }

    @Override
    public int[] formalCharges() {
        return formalCharges == null ? null : formalCharges.clone();
    }

    @Override
    public String toString() {
        return "Molecule[" + name + ", " + atomCount() + " atoms" + (bonds == null ? "" : ", " + bonds.size()
                + " bonds") + (positions == null ? "" : ", 3D") + ", targets " + targets + "]";
    }
}
