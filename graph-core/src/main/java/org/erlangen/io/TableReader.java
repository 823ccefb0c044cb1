package org.erlangen.io;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.erlangen.primitives.IntList;

/**
 * Reads delimited text with a header line (UTF-8): comma, tab or semicolon separated, the delimiter detected from the
 * header (the one of the three that occurs there, outside quotes) unless one is given. Fields may be quoted with
 * {@code "}, a doubled quote inside standing for one; spaces around unquoted fields are dropped. Blank lines are
 * skipped. Every data line must have as many fields as the header; a problem names the file and the line.
 */
public final class TableReader {
    /** The delimiters a table may use, in the order detection prefers them on a tie of none. */
    public static final String DELIMITERS = ",\t;";

    private TableReader() {
    }

    /** Reads a table, detecting its delimiter from the header line. */
    public static Table read(Path file) throws IOException {
        return read(file, null);
    }

    /** Reads a table with the given delimiter (one of {@link #DELIMITERS}), or detects it when null. */
    public static Table read(Path file, Character delimiter) throws IOException {
        if (delimiter != null && DELIMITERS.indexOf(delimiter) < 0) {
            throw new IllegalArgumentException("a table's delimiter is a comma, a tab or a semicolon, got '"
                    + delimiter + "'");
        }
        if (!Files.isRegularFile(file)) {
            throw new DatasetFormatException(file.toString(), "file not found");
        }
        String source = file.toString();
        try (Utf8Lines in = new Utf8Lines(Files.newInputStream(file))) {
            int lineNumber = 0;
            String header = null;
            while (header == null) {
                String text = in.next(source, lineNumber + 1);
                lineNumber++;
                if (text == null) {
                    throw new DatasetFormatException(source, "empty; a table starts with a header line naming "
                            + "its columns");
                }
                header = text.isBlank() ? null : text.replace("\uFEFF", ""); // a byte-order mark from spreadsheets
            }
            char separator = delimiter != null ? delimiter : detect(header, source, lineNumber);
            List<String> columns = columns(split(header, separator, source, lineNumber), source, lineNumber);
            List<String[]> rows = new ArrayList<>();
            IntList lines = new IntList();
            for (String text; (text = in.next(source, lineNumber + 1)) != null; ) {
                lineNumber++;
                if (text.isBlank()) {
                    continue;
                }
                String[] fields = split(text, separator, source, lineNumber);
                if (fields.length != columns.size()) {
                    throw new DatasetFormatException(source, lineNumber, "expected " + columns.size() + " fields as "
                            + "in the header, found " + fields.length + " (delimiter " + name(separator)
                            + (delimiter == null ? ", detected from the header; --delimiter to choose another)"
                            : ")") + ": " + TextLines.quote(text));
                }
                rows.add(fields);
                lines.add(lineNumber);
            }
            return new Table(source, separator, columns, rows, lines.toArray());
        }
    }

    /** How a delimiter is named in messages and on the command line. */
    public static String name(char delimiter) {
        return switch (delimiter) {
            case '\t' -> "tab";
            case ';' -> "semicolon";
            default -> "comma";
        };
    }

    /**
     * The delimiter of a header line: the one of {@link #DELIMITERS} that occurs outside quotes, or the comma for a
     * header of one column; two of them at once is ambiguous.
     */
    static char detect(String header, String source, int line) throws DatasetFormatException {
        Map<Character, Integer> counts = new HashMap<>();
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && DELIMITERS.indexOf(c) >= 0) {
                counts.merge(c, 1, Integer::sum);
            }
        }
        if (counts.size() > 1) {
            throw new DatasetFormatException(source, line, "the header holds " + String.join(" and ",
                    counts.keySet().stream().map(TableReader::name).sorted().toList())
                    + " delimiters; say which one separates the columns (--delimiter)");
        }
        return counts.isEmpty() ? ',' : counts.keySet().iterator().next();
    }

    /** The fields of one line; a quoted field runs to its closing quote, which must end the field. */
    static String[] split(String line, char delimiter, String source, int lineNumber) throws DatasetFormatException {
        List<String> fields = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            while (i < n && line.charAt(i) != delimiter && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i < n && line.charAt(i) == '"') {
                int open = i;
                StringBuilder field = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw new DatasetFormatException(source, lineNumber, "the quote opened in field "
                                + (fields.size() + 1) + " (character " + (open + 1) + ") is not closed on this line");
                    }
                    char c = line.charAt(i);
                    if (c == '"' && i + 1 < n && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                    } else if (c == '"') {
                        i++;
                        break;
                    } else {
                        field.append(c);
                        i++;
                    }
                }
                while (i < n && line.charAt(i) != delimiter && Character.isWhitespace(line.charAt(i))) {
                    i++;
                }
                if (i < n && line.charAt(i) != delimiter) {
                    throw new DatasetFormatException(source, lineNumber, "field " + (fields.size() + 1) + " has "
                            + "text after its closing quote: " + TextLines.quote(line.substring(open)));
                }
                fields.add(field.toString());
            } else {
                int end = line.indexOf(delimiter, i);
                fields.add(line.substring(i, end < 0 ? n : end).strip());
                i = end < 0 ? n : end;
            }
            if (i >= n) {
                return fields.toArray(new String[0]);
            }
            i++; // past the delimiter
        }
    }

    /** Header names: stripped, unique; an empty one is named by its position ("column3"). */
    private static List<String> columns(String[] names, String source, int line) throws DatasetFormatException {
        List<String> columns = new ArrayList<>();
        for (int c = 0; c < names.length; c++) {
            String name = names[c].isEmpty() ? "column" + (c + 1) : names[c];
            if (columns.contains(name)) {
                throw new DatasetFormatException(source, line, "the header names column '" + name + "' twice "
                        + "(columns " + (columns.indexOf(name) + 1) + " and " + (c + 1) + ")");
            }
            columns.add(name);
        }
        return columns;
    }

    /** Lines decoded one at a time, so that bytes that are not UTF-8 are reported on their own line. */
    private static final class Utf8Lines implements Closeable {
        private final InputStream in;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Utf8Lines(InputStream in) {
            this.in = new BufferedInputStream(in, 1 << 16);
        }

        /** The next line without its line end, or null at the end of the file. */
        String next(String source, int lineNumber) throws IOException {
            line.reset();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.write(b);
            }
            if (b < 0 && line.size() == 0) {
                return null;
            }
            byte[] bytes = line.toByteArray();
            int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            try {
                return decoder.decode(ByteBuffer.wrap(bytes, 0, length)).toString();
            } catch (CharacterCodingException e) {
                throw new DatasetFormatException(source, lineNumber, "not UTF-8 text; is this a binary file?");
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
