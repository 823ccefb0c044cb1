package org.erlangen.gnn.molecules;

import java.util.List;

/** Bond features of a 2D molecular graph: type one-hot (single, double, triple, aromatic), conjugated, in ring. */
public final class BondFeatures {
    /** Number of bond features. */
    public static final int WIDTH = 6;

    private BondFeatures() {
    }

    static void encode(Bond b, double[] row) {
        row[b.type().ordinal()] = 1;
        row[4] = b.conjugated() ? 1 : 0;
        row[5] = b.inRing() ? 1 : 0;
    }

    public static List<String> names() {
        return List.of("type=single", "type=double", "type=triple", "type=aromatic", "conjugated", "in_ring");
    }
}
