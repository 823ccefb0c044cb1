package org.erlangen.gnn.molecules;

import java.util.List;

/**
 * The molecules of a file, and a report of the records left out. Every record is accounted for:
 * {@code molecules().size() + problems().size() == recordCount()}.
 *
 * @param molecules in file order
 * @param records the 0-based record index of each molecule
 * @param problems the records that were skipped, in file order
 * @param recordCount records (frames, rows, SD records) in the file
 */
public record ReadResult(List<Molecule> molecules, int[] records, List<ReadProblem> problems, int recordCount) {
    public ReadResult {
        molecules = List.copyOf(molecules);
        problems = List.copyOf(problems);
        records = records.clone();
        if (records.length != molecules.size() || molecules.size() + problems.size() != recordCount) {
            throw new IllegalArgumentException("read report does not add up: " + molecules.size() + " molecules, "
                    + records.length + " record indices, " + problems.size() + " problems, " + recordCount
                    + " records");
        }
    }

    @Override
    public int[] records() {
        return records.clone();
    }

    /** One line: how many records were read and skipped. */
    public String summary() {
        return recordCount + " records, " + molecules.size() + " molecules, " + problems.size() + " skipped";
    }
}
