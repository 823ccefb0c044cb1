package org.erlangen.mesh.io;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a text mesh file line by line, counting lines, skipping blank lines and comments, and parsing numbers
 * strictly so that every error names the file and the line. Decodes bytes as ISO-8859-1, which never fails.
 */
final class TextLines implements Closeable {
    private final BufferedReader reader;
    private final String source;
    private final char comment;
    private long line;

    private TextLines(BufferedReader reader, String source, char comment) {
        this.reader = reader;
        this.source = source;
        this.comment = comment;
    }

    /** Opens a file; {@code comment} starts a comment running to the end of the line (0 for none). */
    static TextLines open(Path file, char comment) throws IOException {
        return new TextLines(Files.newBufferedReader(file, StandardCharsets.ISO_8859_1), file.toString(), comment);
    }

    /** Continues a file after {@code linesBefore} lines were read elsewhere (the PLY header). */
    static TextLines of(BufferedReader reader, String source, long linesBefore) {
        TextLines t = new TextLines(reader, source, (char) 0);
        t.line = linesBefore;
        return t;
    }

    String source() {
        return source;
    }

    /** The 1-based number of the line last returned. */
    long line() {
        return line;
    }

    /** The next line that holds something, without its comment, as tokens; null at the end of the file. */
    String[] next() throws IOException {
        String text;
        while ((text = reader.readLine()) != null) {
            line++;
            if (comment != 0) {
                int c = text.indexOf(comment);
                if (c >= 0) {
                    text = text.substring(0, c);
                }
            }
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
        return MeshFormatException.atLine(source, line, problem);
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
                String lower = token.toLowerCase(java.util.Locale.ROOT);
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
        reader.close();
    }
}
