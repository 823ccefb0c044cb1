package org.erlangen.gnn.molecules;

/**
 * A bond between atoms {@code begin} and {@code end} (0-based, distinct).
 *
 * @param conjugated part of a conjugated system (see {@link CdkMolecules} for the rule)
 * @param inRing a ring bond
 */
public record Bond(int begin, int end, BondType type, boolean conjugated, boolean inRing) {
    public Bond {
        if (begin < 0 || end < 0 || begin == end) {
            throw new IllegalArgumentException("a bond joins two distinct atoms, got " + begin + " - " + end);
        }
        if (type == null) {
            throw new IllegalArgumentException("bond " + begin + " - " + end + " has no type");
        }
    }
}
