package org.erlangen.gnn.molecules;

/**
 * A record a reader could not turn into a molecule.
 *
 * @param source the file
 * @param record 0-based index of the record (frame, row, SD record) in the file
 * @param line 1-based line where the problem was found
 * @param message what was wrong
 */
public record ReadProblem(String source, int record, int line, String message) {
    @Override
    public String toString() {
        return source + ":" + line + ": record " + record + ": " + message;
    }
}
