package org.erlangen.io;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a file of comma-separated numbers, such as OGB's raw CSVs, gzipped (a name ending in {@code .gz}) or plain,
 * byte by byte: no String per line or per value, so that ogbn-products' 62 million edges and 240 million feature
 * values parse in seconds and in no more memory than the arrays they fill. Lines end in \n or \r\n; spaces around a
 * value are ignored. Every error names the file and the 1-based line.
 *
 * <p>A line is read field by field: {@link #more()} says whether the line holds another one, {@link #nextInt} and
 * {@link #nextFloat} parse it, {@link #endLine} checks that nothing is left.
 */
final class NumberLines implements Closeable {
    private static final int BUFFER = 1 << 20;
    /** Deflate's largest compression ratio: a gzipped file unpacks to at most this many bytes per byte. */
    private static final long DEFLATE_RATIO = 1032;
    /** Longer fields are refused: no number needs them. */
    private static final int LONGEST_FIELD = 128;
    private static final double[] POWERS_OF_TEN = new double[23];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10; // exact up to 1e22
        }
    }

    private final InputStream in;
    private final String source;
    private final long maxTextBytes;
    private final byte[] buffer;
    private final byte[] field = new byte[LONGEST_FIELD];
    private int position;
    private int limit;
    private boolean endOfFile;
    private long line;
    private boolean fieldsLeft;
    private int fieldLength;

    private NumberLines(InputStream in, String source, long maxTextBytes, int bufferSize) {
        this.in = in;
        this.source = source;
        this.maxTextBytes = maxTextBytes;
        this.buffer = new byte[bufferSize];
    }

    /** Opens {@code file}, unpacking it when its name ends in {@code .gz}. */
    static NumberLines open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DatasetFormatException(file.toString(), "file not found");
        }
        long size = Files.size(file);
        InputStream raw = Files.newInputStream(file);
        if (!file.getFileName().toString().endsWith(".gz")) {
            return new NumberLines(raw, file.toString(), size, (int) Math.min(BUFFER, size + 1));
        }
        try {
            return new NumberLines(new GZIPInputStream(raw, 1 << 16), file.toString(), size * DEFLATE_RATIO, BUFFER);
        } catch (IOException e) {
            raw.close();
            throw new DatasetFormatException(file.toString(), "not a gzip file (" + e.getMessage() + "); a name "
                    + "ending in .gz is read as gzip");
        }
    }

    String source() {
        return source;
    }

    /** The 1-based number of the current line. */
    long line() {
        return line;
    }

    /** The most bytes of text the file can hold: its size, or for gzip its size times deflate's largest ratio. */
    long maxTextBytes() {
        return maxTextBytes;
    }

    /** Moves to the next line, blank or not (files where line i describes item i); false at the end of the file. */
    boolean nextLine() throws IOException {
        if (peek() < 0) {
            return false;
        }
        line++;
        fieldsLeft = true;
        return true;
    }

    /** Moves to the next line that holds something; false at the end of the file. */
    boolean nextNonBlankLine() throws IOException {
        while (nextLine()) {
            int c;
            while ((c = peek()) == ' ' || c == '\t') {
                position++;
            }
            if (c != '\n' && c != '\r' && c >= 0) {
                return true;
            }
            endOfLine();
        }
        return false;
    }

    /** Whether the current line holds another field. */
    boolean more() {
        return fieldsLeft;
    }

    /** The next field, an integer. */
    int nextInt(String what) throws IOException {
        readField(what);
        return fieldAsInt(what);
    }

    /** The next field, an integer, or {@code missing} when it is empty or {@code nan} (any case). */
    int nextIntOrMissing(String what, int missing) throws IOException {
        readField(what);
        boolean nan = fieldLength == 3 && (field[0] | 0x20) == 'n' && (field[1] | 0x20) == 'a'
                && (field[2] | 0x20) == 'n';
        return fieldLength == 0 || nan ? missing : fieldAsInt(what);
    }

    private int fieldAsInt(String what) throws DatasetFormatException {
        int i = 0;
        boolean negative = fieldLength > 0 && field[0] == '-';
        if (negative || (fieldLength > 0 && field[0] == '+')) {
            i++;
        }
        if (i == fieldLength) {
            throw notA(what, "an integer");
        }
        long value = 0;
        for (; i < fieldLength; i++) {
            int digit = field[i] - '0';
            if (digit < 0 || digit > 9) {
                throw notA(what, "an integer");
            }
            value = Math.min(value * 10 + digit, 1L << 32); // capped: stays out of range without overflowing
        }
        value = negative ? -value : value;
        if (value != (int) value) {
            throw error("expected " + what + ", found " + quoted() + ", outside the 32-bit integer range");
        }
        return (int) value;
    }

    /**
     * The next field, a decimal number that is finite as a 32-bit float, rounded as {@link Float#parseFloat} rounds
     * it. Most values (up to 18 significant digits, powers of ten up to 22) are computed exactly in double and
     * rounded once more to float, which is exact unless the double lies exactly halfway between two floats; those,
     * and the rest, go through {@link Float#parseFloat}.
     */
    float nextFloat(String what) throws IOException {
        readField(what);
        int i = 0;
        boolean negative = fieldLength > 0 && field[0] == '-';
        if (negative || (fieldLength > 0 && field[0] == '+')) {
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int exponent = 0;
        boolean anyDigit = false;
        boolean dot = false;
        boolean dropped = false;
        for (; i < fieldLength; i++) {
            int c = field[i];
            if (c >= '0' && c <= '9') {
                anyDigit = true;
                int digit = c - '0';
                if (mantissa == 0 && digit == 0) {
                    exponent -= dot ? 1 : 0;
                } else if (digits < 18) {
                    mantissa = mantissa * 10 + digit;
                    digits++;
                    exponent -= dot ? 1 : 0;
                } else {
                    exponent += dot ? 0 : 1;
                    dropped |= digit != 0;
                }
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                break;
            }
        }
        if (!anyDigit) {
            throw notA(what, "a finite number");
        }
        if (i < fieldLength) {
            if ((field[i] | 0x20) != 'e') {
                throw notA(what, "a finite number");
            }
            i++;
            boolean negativeExponent = i < fieldLength && field[i] == '-';
            if (i < fieldLength && (field[i] == '-' || field[i] == '+')) {
                i++;
            }
            if (i == fieldLength) {
                throw notA(what, "a finite number");
            }
            int e = 0;
            for (; i < fieldLength; i++) {
                int digit = field[i] - '0';
                if (digit < 0 || digit > 9) {
                    throw notA(what, "a finite number");
                }
                e = Math.min(e * 10 + digit, 100_000); // far beyond any float; keeps the sum below from overflowing
            }
            exponent += negativeExponent ? -e : e;
        }
        float value = 0f;
        if (mantissa != 0) {
            boolean exactInDouble = !dropped && mantissa < (1L << 53) && Math.abs(exponent) < POWERS_OF_TEN.length;
            double d = !exactInDouble ? Double.NaN
                    : exponent >= 0 ? mantissa * POWERS_OF_TEN[exponent] : mantissa / POWERS_OF_TEN[-exponent];
            value = exactInDouble && isRoundedOnce(d) ? (float) d
                    : Math.abs(Float.parseFloat(new String(field, 0, fieldLength, StandardCharsets.ISO_8859_1)));
        }
        if (Float.isInfinite(value)) {
            throw error("expected " + what + " (a finite number), found " + quoted()
                    + ", beyond the 32-bit float range of +-3.4e38");
        }
        return negative ? -value : value;
    }

    /**
     * Whether rounding the correctly rounded double {@code d} to float gives the float nearest the decimal: it does
     * unless {@code d} is a float subnormal (fewer bits) or lies exactly halfway between two floats.
     */
    private static boolean isRoundedOnce(double d) {
        long belowFloatPrecision = Double.doubleToRawLongBits(d) & ((1L << 29) - 1);
        return d >= Float.MIN_NORMAL && belowFloatPrecision != 1L << 28;
    }

    /** Checks that the current line holds no more fields. */
    void endLine(String expected) throws IOException {
        if (fieldsLeft) {
            throw error("expected " + expected + ", found more values on the line");
        }
    }

    /** A problem on the current line. */
    DatasetFormatException error(String problem) {
        return new DatasetFormatException(source, (int) Math.min(line, Integer.MAX_VALUE), problem);
    }

    private DatasetFormatException notA(String what, String kind) {
        return error("expected " + what + " (" + kind + "), found " + quoted());
    }

    private String quoted() {
        String text = new String(field, 0, Math.min(fieldLength, field.length), StandardCharsets.ISO_8859_1);
        return TextLines.quote(fieldLength > field.length ? text + "..." : text);
    }

    /**
     * Reads the next field into {@link #field}, without the spaces around it, and the comma or line end after it.
     */
    private void readField(String what) throws IOException {
        if (!fieldsLeft) {
            throw error("expected " + what + ", found the end of the line");
        }
        int c;
        while ((c = peek()) == ' ' || c == '\t') {
            position++;
        }
        fieldLength = 0;
        while ((c = peek()) >= 0 && c != ',' && c != '\n' && c != '\r') {
            if (fieldLength < field.length) {
                field[fieldLength] = (byte) c;
            }
            fieldLength++;
            position++;
        }
        while (fieldLength > 0 && fieldLength <= field.length
                && (field[fieldLength - 1] == ' ' || field[fieldLength - 1] == '\t')) {
            fieldLength--;
        }
        if (fieldLength > field.length) {
            throw error("expected " + what + ", found " + quoted() + ", a field of " + fieldLength + " characters");
        }
        if (c == ',') {
            position++;
        } else {
            endOfLine();
        }
    }

    /** Moves past the \n, \r\n or lone \r that ends the line (nothing at the end of the file). */
    private void endOfLine() throws IOException {
        fieldsLeft = false;
        int c = peek();
        if (c == '\r') {
            position++;
            c = peek();
        }
        if (c == '\n') {
            position++;
        }
    }

    /** The next byte without consuming it, or -1 at the end of the file. */
    private int peek() throws IOException {
        if (position < limit) {
            return buffer[position] & 0xff;
        }
        if (endOfFile) {
            return -1;
        }
        fill();
        return position < limit ? buffer[position] & 0xff : -1;
    }

    private void fill() throws IOException {
        position = 0;
        limit = 0;
        try {
            int n = in.readNBytes(buffer, 0, buffer.length);
            limit = n;
            endOfFile = n < buffer.length;
        } catch (ZipException | EOFException e) {
            throw error("the gzip data is damaged or cut short here (" + e.getMessage() + ")");
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
