package org.erlangen.io;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a text file line by line, counting lines so that every error names the file and the line, and gives only the
 * lines that hold something: blank lines and comments are passed over. What differs between file formats is their
 * {@link Format}: the charset, how comments are written, whether a blank line may stand before more content, and
 * which exception a problem on a line becomes.
 *
 * @param <X> the format's own exception for a problem on a line
 */
public final class LineReader<X extends IOException> implements Closeable {
    /** Makes the format's exception for a problem on a 1-based line of a source. */
    @FunctionalInterface
    public interface Errors<X extends IOException> {
        X at(String source, long line, String problem);
    }

    /** How a format writes comments: {@link #remove} gives a line without its comment. */
    @FunctionalInterface
    public interface Comments {
        Comments NONE = line -> line;

        /** The line without its comment; blank when the whole line is a comment. */
        String remove(String line);

        /** A line is a comment when its first non-blank character is one of {@code prefixes}. */
        static Comments wholeLines(String prefixes) {
            return line -> {
                String trimmed = line.strip();
                return !trimmed.isEmpty() && prefixes.indexOf(trimmed.charAt(0)) >= 0 ? "" : line;
            };
        }

        /** {@code start} begins a comment that runs to the end of the line, wherever it stands. */
        static Comments toEndOfLine(char start) {
            return line -> {
                int c = line.indexOf(start);
                return c < 0 ? line : line.substring(0, c);
            };
        }
    }

    /** Whether a blank line may stand before more content. */
    public enum BlankLines {
        /** Blank lines are skipped wherever they stand. */
        SKIPPED,
        /**
         * For files where line i describes item i, so a blank line would shift everything after it: a blank line is
         * an error unless only blank lines (or comments) follow it.
         */
        ONLY_AT_END
    }

    /** What a file format chooses; {@code errors} makes its own exception type with its own messages. */
    public record Format<X extends IOException>(Charset charset, Comments comments, BlankLines blankLines,
            Errors<X> errors) {
    }

    private final BufferedReader reader;
    private final String source;
    private final Format<X> format;
    private long line;
    private long firstPendingBlank;

    private LineReader(BufferedReader reader, String source, long linesBefore, Format<X> format) {
        this.reader = reader;
        this.source = source;
        this.line = linesBefore;
        this.format = format;
    }

    /** Opens a file, decoding it strictly: bytes that are not text in the charset are an error of their line. */
    public static <X extends IOException> LineReader<X> open(Path file, Format<X> format) throws IOException {
        return new LineReader<>(Files.newBufferedReader(file, format.charset()), file.toString(), 0, format);
    }

    /**
     * Reads {@code reader}, named {@code source} in messages, which continues a file after {@code linesBefore} lines
     * read elsewhere (a header); takes ownership of the reader.
     */
    public static <X extends IOException> LineReader<X> of(BufferedReader reader, String source, long linesBefore,
            Format<X> format) {
        return new LineReader<>(reader, source, linesBefore, format);
    }

    public String source() {
        return source;
    }

    /** The 1-based number of the line last returned by {@link #next()}. */
    public long line() {
        return line;
    }

    /** The next line that holds something, without its comment, stripped of white space; null at the end. */
    public String next() throws IOException {
        String text;
        while ((text = readLine()) != null) {
            line++;
            String content = format.comments().remove(text).strip();
            if (content.isEmpty()) {
                if (format.blankLines() == BlankLines.ONLY_AT_END && firstPendingBlank == 0 && text.isBlank()) {
                    firstPendingBlank = line;
                }
                continue;
            }
            if (firstPendingBlank != 0) {
                throw format.errors().at(source, firstPendingBlank,
                        "empty line; every line of this file describes one item, in order");
            }
            return content;
        }
        return null;
    }

    private String readLine() throws IOException {
        try {
            return reader.readLine();
        } catch (CharacterCodingException e) {
            throw format.errors().at(source, line + 1, "not " + format.charset().name()
                    + " text; is this a binary file?");
        }
    }

    /** An error on the line last returned. */
    public X error(String problem) {
        return format.errors().at(source, line, problem);
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
