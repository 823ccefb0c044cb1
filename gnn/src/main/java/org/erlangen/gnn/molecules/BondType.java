package org.erlangen.gnn.molecules;

/** The kind of a chemical bond; an aromatic bond is one of a perceived aromatic ring, whatever its Kekulé order. */
public enum BondType {
    SINGLE, DOUBLE, TRIPLE, AROMATIC
}
