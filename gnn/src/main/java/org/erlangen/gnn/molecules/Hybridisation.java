package org.erlangen.gnn.molecules;

/**
 * The hybridisation of an atom as CDK's atom typing perceives it. CDK's planar three-connected type (amide and
 * pyrrole nitrogen) counts as SP2, as in RDKit; {@code UNKNOWN} covers atoms CDK cannot type.
 */
public enum Hybridisation {
    S, SP, SP2, SP3, SP3D, SP3D2, UNKNOWN
}
