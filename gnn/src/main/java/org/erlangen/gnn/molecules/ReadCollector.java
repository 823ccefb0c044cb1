package org.erlangen.gnn.molecules;

import java.util.ArrayList;
import java.util.List;
import org.erlangen.io.DatasetFormatException;

/** Gathers a reader's molecules and problems, throwing at the first problem when asked to fail. */
final class ReadCollector {
    private final String source;
    private final OnError onError;
    private final List<Molecule> molecules = new ArrayList<>();
    private final List<Integer> records = new ArrayList<>();
    private final List<ReadProblem> problems = new ArrayList<>();

    ReadCollector(String source, OnError onError) {
        this.source = source;
        this.onError = onError;
    }

    void add(Molecule molecule, int record) {
        molecules.add(molecule);
        records.add(record);
    }

    /** Reports a bad record: thrown under {@link OnError#FAIL}, remembered under {@link OnError#SKIP}. */
    void problem(int record, int line, String message) throws DatasetFormatException {
        if (onError == OnError.FAIL) {
            throw new DatasetFormatException(source, line, "record " + record + ": " + message);
        }
        problems.add(new ReadProblem(source, record, line, message));
    }

    ReadResult result(int recordCount) {
        return new ReadResult(molecules, records.stream().mapToInt(Integer::intValue).toArray(), problems,
                recordCount);
    }

    String source() {
        return source;
    }
}
