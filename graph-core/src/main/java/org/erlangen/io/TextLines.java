package org.erlangen.io;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.erlangen.io.LineReader.BlankLines;
import org.erlangen.io.LineReader.Comments;

/**
 * Reads a text dataset file (UTF-8) line by line through a {@link LineReader}, so that every parse error names the
 * file and the line, and parses its fields.
 *
 * <p>In positional files (TUDataset: line i describes node i) a blank line would shift everything after it, so a
 * blank line is an error unless only blank lines follow it. Otherwise blank lines are skipped, and so are lines that
 * start with one of the comment prefixes.
 */
final class TextLines implements Closeable {
    private static final Pattern SEPARATOR = Pattern.compile("\\s*,\\s*|\\s+");
    private final LineReader<DatasetFormatException> lines;
    private final long bytes;

    private TextLines(LineReader<DatasetFormatException> lines, long bytes) {
        this.lines = lines;
        this.bytes = bytes;
    }

    private static LineReader.Format<DatasetFormatException> format(String commentPrefixes, boolean positional) {
        return new LineReader.Format<>(StandardCharsets.UTF_8, Comments.wholeLines(commentPrefixes),
                positional ? BlankLines.ONLY_AT_END : BlankLines.SKIPPED,
                (source, line, problem) -> new DatasetFormatException(source, (int) line, problem));
    }

    /** Opens a file; a missing file is a format error of the dataset, not a bare NoSuchFileException. */
    static TextLines open(Path file, String commentPrefixes, boolean positional) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DatasetFormatException(file.toString(), "file not found");
        }
        return new TextLines(LineReader.open(file, format(commentPrefixes, positional)), Files.size(file));
    }

    /**
     * Opens a file, unpacking it when its name ends in {@code .gz}; a file that is not gzip is a format error naming
     * it, and leaves nothing open.
     */
    static TextLines openText(Path file, String commentPrefixes) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DatasetFormatException(file.toString(), "file not found");
        }
        if (!file.getFileName().toString().endsWith(".gz")) {
            return open(file, commentPrefixes, false);
        }
        InputStream raw = Files.newInputStream(file);
        try {
            return of(new GZIPInputStream(raw, 1 << 16), file.toString(), commentPrefixes, false);
        } catch (IOException e) {
            raw.close();
            throw new DatasetFormatException(file.toString(), "not a gzip file (" + e.getMessage() + "); a name "
                    + "ending in .gz is read as gzip");
        }
    }

    /** Reads a stream named {@code source} in messages; takes ownership of the stream. */
    static TextLines of(InputStream in, String source, String commentPrefixes, boolean positional) {
        return new TextLines(LineReader.of(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)),
                source, 0, format(commentPrefixes, positional)), -1);
    }

    String source() {
        return lines.source();
    }

    /** The size of the file in bytes, what its declared counts are checked against; -1 for a stream. */
    long bytes() {
        return bytes;
    }

    /** The 1-based number of the line last returned by {@link #next()}. */
    int lineNumber() {
        return (int) lines.line();
    }

    /** The next content line, trimmed, or null at the end of the file. */
    String next() throws IOException {
        return lines.next();
    }

    /** Like {@link #next()}, but running out of lines is an error. */
    String require(String expected) throws IOException {
        String line = next();
        if (line == null) {
            throw new DatasetFormatException(source(), "file ends after " + lineNumber() + " lines, expected "
                    + expected);
        }
        return line;
    }

    /** An error on the current line. */
    DatasetFormatException error(String problem) {
        return lines.error(problem);
    }

    /** Splits on commas and/or whitespace (TUDataset writes "a, b" or "a,b"; edge lists use either). */
    String[] fields(String line) {
        return SEPARATOR.split(line, -1);
    }

    /** Checks the field count, saying what the line should hold. */
    String[] fields(String line, int count, String expected) throws DatasetFormatException {
        String[] f = fields(line);
        if (f.length != count) {
            throw error("expected " + expected + " (" + count + (count == 1 ? " field" : " fields") + "), found "
                    + f.length + ": " + quote(line));
        }
        return f;
    }

    int parseInt(String token, String what) throws DatasetFormatException {
        try {
            return Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw error("expected " + what + " (an integer), found " + quote(token));
        }
    }

    /** A finite decimal number; rejects Java-only spellings such as "1f" and the non-finite NaN and Infinity. */
    double parseDouble(String token, String what) throws DatasetFormatException {
        char last = token.isEmpty() ? ' ' : token.charAt(token.length() - 1);
        if (Character.isDigit(last) || last == '.') {
            try {
                double v = Double.parseDouble(token);
                if (Double.isFinite(v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw error("expected " + what + " (a finite number), found " + quote(token));
    }

    /**
     * A finite number that stays finite as a 32-bit float, as features are kept: 1e300 parses as a double but would
     * become infinity.
     */
    float parseFloat(String token, String what) throws DatasetFormatException {
        double v = parseDouble(token, what);
        if (!FiniteCheck.isFiniteFloat(v)) {
            throw error("expected " + what + " (a finite number), found " + quote(token)
                    + ", beyond the 32-bit float range of +-3.4e38");
        }
        return (float) v;
    }

    /** Quotes file text for a message, shortened so a huge line cannot swamp it. */
    static String quote(String text) {
        return "'" + (text.length() > 80 ? text.substring(0, 77) + "..." : text) + "'";
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
