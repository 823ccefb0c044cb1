package org.erlangen.gnn.molecules;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.erlangen.io.DatasetFormatException;

/**
 * The QML tutorial's QM7 (7,101 molecules): {@code qm7_qml.xyz}, one XYZ frame per molecule, and
 * {@code hof_qm7.txt}, whose line {@code k} belongs to frame {@code k}: {@code name E_PBE0 E_DFTB3}, atomisation
 * energies in kcal/mol. Each molecule is named by column 1 and has targets {@link #PBE0} and {@link #DFTB3}.
 */
public final class Qm7Reader {
    /** PBE0 atomisation energy in kcal/mol (column 2): the usual regression target. */
    public static final String PBE0 = "pbe0";
    /** DFTB3 atomisation energy in kcal/mol (column 3). */
    public static final String DFTB3 = "dftb3";
    public static final String XYZ_FILE = "qm7_qml.xyz";
    public static final String ENERGY_FILE = "hof_qm7.txt";

    private Qm7Reader() {
    }

    /** Reads {@value #XYZ_FILE} and {@value #ENERGY_FILE} from {@code folder}. */
    public static ReadResult read(Path folder, OnError onError) throws IOException {
        return read(folder.resolve(XYZ_FILE), folder.resolve(ENERGY_FILE), onError);
    }

    /**
     * Pairs frame {@code k} of {@code xyz} with line {@code k} of {@code energies}. A bad frame or a bad energy line
     * makes that molecule a problem; a different number of frames and energy lines is an error either way, since
     * the pairing would be lost.
     */
    public static ReadResult read(Path xyz, Path energies, OnError onError) throws IOException {
        ReadResult frames = XyzReader.read(xyz, onError);
        List<String> lines = Utf8Lines.read(energies);
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        if (lines.size() != frames.recordCount()) {
            throw new DatasetFormatException(energies.toString(), "has " + lines.size() + " energy lines but "
                    + xyz + " has " + frames.recordCount() + " frames; line k must belong to frame k");
        }
        ReadCollector out = new ReadCollector(energies.toString(), onError);
        List<ReadProblem> problems = new ArrayList<>(frames.problems());
        int[] records = frames.records();
        for (int m = 0; m < records.length; m++) {
            int k = records[m];
            String[] tokens = lines.get(k).trim().split("\\s+");
            Map<String, Double> targets = new LinkedHashMap<>();
            String error = tokens.length < 3 ? "expected 'name E_PBE0 E_DFTB3', found '"
                    + XyzReader.shorten(lines.get(k).trim()) + "'" : null;
            if (error == null) {
                error = parse(tokens[1], PBE0, targets);
            }
            if (error == null) {
                error = parse(tokens[2], DFTB3, targets);
            }
            if (error != null) {
                out.problem(k, k + 1, error);
            } else {
                out.add(frames.molecules().get(m).withName(tokens[0]).withTargets(targets), k);
            }
        }
        ReadResult paired = out.result(records.length);
        problems.addAll(paired.problems());
        problems.sort(Comparator.comparingInt(ReadProblem::record));
        return new ReadResult(paired.molecules(), paired.records(), problems, frames.recordCount());
    }

    private static String parse(String token, String key, Map<String, Double> targets) {
        try {
            double v = Double.parseDouble(token);
            if (Double.isFinite(v)) {
                targets.put(key, v);
                return null;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        return key + " energy '" + XyzReader.shorten(token) + "' is not a finite number";
    }
}
