package org.erlangen.mesh.io;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.erlangen.io.LineReader.BlankLines;
import org.erlangen.io.LineReader.Comments;
import org.erlangen.io.LineReader;

/**
 * Reads a text mesh file line by line through a {@link LineReader}, as tokens, skipping blank lines and comments, and
 * parses numbers strictly so that every error names the file and the line. Decodes bytes as ISO-8859-1, which never
 * fails.
 */
final class TextLines implements Closeable {
    private final LineReader<MeshFormatException> lines;

    private TextLines(LineReader<MeshFormatException> lines) {
        this.lines = lines;
    }

    private static LineReader.Format<MeshFormatException> format(Comments comments) {
        return new LineReader.Format<>(StandardCharsets.ISO_8859_1, comments, BlankLines.SKIPPED,
                MeshFormatException::atLine);
    }

    /** Opens a file; {@code comment} starts a comment running to the end of the line. */
    static TextLines open(Path file, char comment) throws IOException {
        return new TextLines(LineReader.open(file, format(Comments.toEndOfLine(comment))));
    }

    /** Continues a file after {@code linesBefore} lines were read elsewhere (the PLY header); no comments. */
    static TextLines of(BufferedReader reader, String source, long linesBefore) {
        return new TextLines(LineReader.of(reader, source, linesBefore, format(Comments.NONE)));
    }

    String source() {
        return lines.source();
    }

    /** The 1-based number of the line last returned. */
    long line() {
        return lines.line();
    }

    /** The next line that holds something, without its comment, as tokens; null at the end of the file. */
    String[] next() throws IOException {
        String text;
        while ((text = lines.next()) != null) {
            // Control characters other than white space separate tokens too, so a line of them alone is blank.
            String[] tokens = split(text);
            if (tokens.length > 0) {
                return tokens;
            }
        }
        return null;
    }

    /** Splits on whitespace (any character up to the space, which covers tabs, CR and NUL). */
    static String[] split(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && text.charAt(i) <= ' ') {
                i++;
            }
            int start = i;
            while (i < n && text.charAt(i) > ' ') {
                i++;
            }
            if (i > start) {
                out.add(text.substring(start, i));
            }
        }
        return out.toArray(new String[0]);
    }

    MeshFormatException error(String problem) {
        return lines.error(problem);
    }

    /** A finite decimal number. */
    double number(String token, String what) throws MeshFormatException {
        return parseNumber(token, what, this::error);
    }

    /** An integer that fits an int. */
    int integer(String token, String what) throws MeshFormatException {
        return parseInt(token, what, this::error);
    }

    /** Builds an exception for a problem at the current place. */
    interface Errors {
        MeshFormatException at(String problem);
    }

    static double parseNumber(String token, String what, Errors errors) throws MeshFormatException {
        // Only decimal spellings: Java's parser would also take "1f", "0x1p3", "NaN" and the like.
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
                String lower = token.toLowerCase(Locale.ROOT);
                if (lower.contains("nan") || lower.contains("inf")) {
                    throw errors.at(what + " is " + quote(token) + ", not a finite number");
                }
                throw errors.at("expected " + what + " (a number), found " + quote(token));
            }
        }
        double v;
        try {
            v = Double.parseDouble(token);
        } catch (NumberFormatException e) {
            throw errors.at("expected " + what + " (a number), found " + quote(token));
        }
        if (!Double.isFinite(v)) {
            throw errors.at(what + " is " + quote(token) + ", which overflows a double (not a finite number)");
        }
        return v;
    }

    static int parseInt(String token, String what, Errors errors) throws MeshFormatException {
        try {
            return Integer.parseInt(token);
        } catch (NumberFormatException e) {
            boolean digits = token.matches("[+-]?\\d+");
            throw errors.at("expected " + what + " (an integer), found " + quote(token)
                    + (digits ? ", which is too large" : ""));
        }
    }

    /** Quotes file text for a message, shortened so that a huge token cannot swamp it. */
    static String quote(String text) {
        String shown = text.length() > 40 ? text.substring(0, 37) + "..." : text;
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            sb.append(c >= ' ' && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return sb.append('\'').toString();
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
