package org.erlangen.gnn.molecules;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.erlangen.io.DatasetFormatException;

/**
 * Reads multi-frame XYZ files: each frame is a line with the atom count N, a comment line (the molecule's name),
 * and N lines {@code symbol x y z} in Ångström (further columns are ignored). Blank lines between frames are
 * allowed.
 *
 * <p>A frame is bad when its count is not a positive whole number, an atom line has an unknown element or a
 * coordinate that is not a finite number, the file ends inside it, or the line after its N atom lines is another
 * atom line rather than the next frame's count (a count that is too small). After a bad frame, reading resumes at
 * the next line that holds a single whole number, the count of the next frame.
 */
public final class XyzReader {
    private XyzReader() {
    }

    public static ReadResult read(Path file, OnError onError) throws IOException {
        return read(file.toString(), Utf8Lines.read(file), onError);
    }

    /** Reads frames from lines already in memory; {@code source} names them in messages. */
    static ReadResult read(String source, List<String> lines, OnError onError) throws DatasetFormatException {
        ReadCollector out = new ReadCollector(source, onError);
        int i = skipBlank(lines, 0);
        int frame = 0;
        while (i < lines.size()) {
            int start = i;
            try {
                Frame f = frame(lines, start);
                out.add(f.molecule(), frame);
                i = skipBlank(lines, f.next());
            } catch (BadFrame e) {
                out.problem(frame, e.line, e.getMessage());
                i = nextCountLine(lines, start + 1);
            }
            frame++;
        }
        return out.result(frame);
    }

    private record Frame(Molecule molecule, int next) {
    }

    /** A problem in one frame at a 1-based line. */
    private static final class BadFrame extends Exception {
        final int line;

        BadFrame(int line, String message) {
            super(message, null, false, false);
            this.line = line;
        }
    }

    private static Frame frame(List<String> lines, int start) throws BadFrame {
        String countText = lines.get(start).trim();
        int n = count(countText);
        if (n < 1) {
            throw new BadFrame(start + 1, "expected the atom count of a frame (a positive whole number), found '"
                    + shorten(countText) + "'");
        }
        if (start + 1 + n >= lines.size()) {
            throw new BadFrame(lines.size(), "file ends inside a frame of " + n + " atoms that starts on line "
                    + (start + 1));
        }
        String name = lines.get(start + 1).trim();
        int[] z = new int[n];
        double[][] positions = new double[n][3];
        for (int a = 0; a < n; a++) {
            int lineIndex = start + 2 + a;
            String[] tokens = lines.get(lineIndex).trim().split("\\s+");
            if (tokens.length < 4) {
                throw new BadFrame(lineIndex + 1, "expected atom " + (a + 1) + " of " + n + " as 'symbol x y z', found '"
                        + shorten(lines.get(lineIndex).trim()) + "'");
            }
            z[a] = Elements.atomicNumber(tokens[0]);
            if (z[a] == 0) {
                throw new BadFrame(lineIndex + 1, "unknown element '" + shorten(tokens[0]) + "'");
            }
            for (int c = 0; c < 3; c++) {
                positions[a][c] = coordinate(tokens[c + 1], lineIndex + 1);
            }
        }
        int next = start + 2 + n;
        int after = skipBlank(lines, next);
        if (after < lines.size() && count(lines.get(after).trim()) < 0) {
            throw new BadFrame(after + 1, "frame starting on line " + (start + 1) + " declares " + n
                    + " atoms, but line " + (after + 1) + " is not the atom count of a next frame: '"
                    + shorten(lines.get(after).trim()) + "'");
        }
        try {
            return new Frame(new Molecule(name, z, positions, null, null, null, Map.of()), next);
        } catch (IllegalArgumentException e) {
            throw new BadFrame(start + 1, e.getMessage());
        }
    }

    private static double coordinate(String token, int line) throws BadFrame {
        try {
            double v = Double.parseDouble(token);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the line
        }
        throw new BadFrame(line, "coordinate '" + shorten(token) + "' is not a finite number");
    }

    /** The value of a line holding one whole number, or -1. */
    private static int count(String text) {
        if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Integer.parseInt(text);
    }

    private static int nextCountLine(List<String> lines, int from) {
        int i = from;
        while (i < lines.size() && count(lines.get(i).trim()) < 1) {
            i++;
        }
        return i;
    }

    private static int skipBlank(List<String> lines, int from) {
        int i = from;
        while (i < lines.size() && lines.get(i).isBlank()) {
            i++;
        }
        return i;
    }

    static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
