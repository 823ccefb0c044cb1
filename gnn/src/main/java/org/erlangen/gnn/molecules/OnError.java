package org.erlangen.gnn.molecules;

/** What a reader does with a molecule it cannot read. */
public enum OnError {
    /** Leave it out and report it in {@link ReadResult#problems()}. */
    SKIP,
    /** Throw a format exception naming the file, line and record. */
    FAIL
}
