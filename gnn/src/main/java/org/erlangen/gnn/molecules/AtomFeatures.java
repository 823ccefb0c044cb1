package org.erlangen.gnn.molecules;

import java.util.ArrayList;
import java.util.List;

/**
 * One-hot atom features of a 2D molecular graph, in this order: element (H, B, C, N, O, F, Si, P, S, Cl, Br, I,
 * other), degree (heavy-atom neighbours 0 to 5, more counts as 5), formal charge (-1, 0, +1, other), hybridisation
 * (SP, SP2, SP3, SP3D, SP3D2, other), aromatic (one flag), total hydrogens (0 to 4, more counts as 4).
 */
public final class AtomFeatures {
    private static final int[] ELEMENTS = {1, 5, 6, 7, 8, 9, 14, 15, 16, 17, 35, 53};
    private static final String[] ELEMENT_NAMES = {"H", "B", "C", "N", "O", "F", "Si", "P", "S", "Cl", "Br", "I"};
    private static final int MAX_DEGREE = 5;
    private static final int MAX_HYDROGENS = 4;
    private static final Hybridisation[] HYBRIDISATIONS = {Hybridisation.SP, Hybridisation.SP2, Hybridisation.SP3,
        Hybridisation.SP3D, Hybridisation.SP3D2};

    static final int ELEMENT_AT = 0;
    static final int DEGREE_AT = ELEMENT_AT + ELEMENTS.length + 1;
    static final int CHARGE_AT = DEGREE_AT + MAX_DEGREE + 1;
    static final int HYBRIDISATION_AT = CHARGE_AT + 4;
    static final int AROMATIC_AT = HYBRIDISATION_AT + HYBRIDISATIONS.length + 1;
    static final int HYDROGENS_AT = AROMATIC_AT + 1;

    /** Number of atom features: 13 + 6 + 4 + 6 + 1 + 5 = 35. */
    public static final int WIDTH = HYDROGENS_AT + MAX_HYDROGENS + 1;

    private AtomFeatures() {
    }

    /** Writes the features of {@code atom} into {@code row} (length {@link #WIDTH}, zeros on entry). */
    static void encode(Molecule m, int atom, int degree, double[] row) {
        AtomChemistry c = m.chemistry();
        row[ELEMENT_AT + elementSlot(m.atomicNumber(atom))] = 1;
        row[DEGREE_AT + Math.min(degree, MAX_DEGREE)] = 1;
        int charge = m.formalCharge(atom);
        row[CHARGE_AT + (charge >= -1 && charge <= 1 ? charge + 1 : 3)] = 1;
        row[HYBRIDISATION_AT + hybridisationSlot(c.hybridisation(atom))] = 1;
        row[AROMATIC_AT] = c.aromatic(atom) ? 1 : 0;
        row[HYDROGENS_AT + Math.min(c.hydrogens(atom), MAX_HYDROGENS)] = 1;
    }

    private static int elementSlot(int z) {
        for (int k = 0; k < ELEMENTS.length; k++) {
            if (ELEMENTS[k] == z) {
                return k;
            }
        }
        return ELEMENTS.length;
    }

    private static int hybridisationSlot(Hybridisation h) {
        for (int k = 0; k < HYBRIDISATIONS.length; k++) {
            if (HYBRIDISATIONS[k] == h) {
                return k;
            }
        }
        return HYBRIDISATIONS.length;
    }

    /** A name for every column, such as {@code element=Cl} or {@code hydrogens=4+}. */
    public static List<String> names() {
        List<String> names = new ArrayList<>(WIDTH);
        for (String e : ELEMENT_NAMES) {
            names.add("element=" + e);
        }
        names.add("element=other");
        for (int d = 0; d <= MAX_DEGREE; d++) {
            names.add("degree=" + d + (d == MAX_DEGREE ? "+" : ""));
        }
        names.addAll(List.of("charge=-1", "charge=0", "charge=+1", "charge=other"));
        for (Hybridisation h : HYBRIDISATIONS) {
            names.add("hybridisation=" + h);
        }
        names.add("hybridisation=other");
        names.add("aromatic");
        for (int h = 0; h <= MAX_HYDROGENS; h++) {
            names.add("hydrogens=" + h + (h == MAX_HYDROGENS ? "+" : ""));
        }
        return names;
    }
}
