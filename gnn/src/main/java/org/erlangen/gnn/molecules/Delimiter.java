package org.erlangen.gnn.molecules;

import java.util.List;
import java.util.regex.Pattern;

/** The field separators of delimited molecule files, in the order detection prefers them when two fit equally. */
public enum Delimiter {
    TAB('\t', "tab"), SEMICOLON(';', "semicolon"), COMMA(',', "comma");

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern DECIMAL_COMMA = Pattern.compile("[+-]?\\d+,\\d+([eE][+-]?\\d+)?");

    private final char symbol;
    private final String word;

    Delimiter(char symbol, String word) {
        this.symbol = symbol;
        this.word = word;
    }

    public char symbol() {
        return symbol;
    }

    /** {@code comma}, {@code tab} or {@code semicolon}. */
    public String word() {
        return word;
    }

    /** A delimiter by its word or its character ({@code ,}, {@code ;}, a tab or {@code \t}). */
    public static Delimiter of(String name) {
        for (Delimiter d : values()) {
            if (d.word.equalsIgnoreCase(name.trim()) || name.equals(String.valueOf(d.symbol))
                    || d == TAB && name.equals("\\t")) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown delimiter '" + name + "'; delimiters: comma, tab, semicolon");
    }

    /** The fields of {@code line}; fields may be quoted with '"'. Throws with the column of an unclosed quote. */
    List<String> split(String line) {
        return CsvLine.split(line, symbol);
    }

    /**
     * The number a field holds, or null: plain decimal notation with an optional exponent, and where fields are not
     * separated by commas also a decimal comma ({@code -0,77}), as spreadsheets in many locales write it.
     */
    Double number(String field) {
        String s = field.trim();
        if (NUMBER.matcher(s).matches()) {
            return Double.parseDouble(s);
        }
        if (this != COMMA && DECIMAL_COMMA.matcher(s).matches()) {
            return Double.parseDouble(s.replace(',', '.'));
        }
        return null;
    }

    /** A field as Java parses a number: a decimal comma becomes a point where commas do not separate fields. */
    String numberText(String field) {
        String s = field.trim();
        return this != COMMA && DECIMAL_COMMA.matcher(s).matches() ? s.replace(',', '.') : s;
    }

    /**
     * The delimiter of a file from its first lines: each candidate splits the first line into its width (at least
     * 2); the one that splits the most lines into that same width wins, ties going to tab, then semicolon, then
     * comma. Null when every candidate leaves the first line whole.
     */
    static Delimiter detect(List<String> lines) {
        Delimiter best = null;
        int bestAgreeing = 0;
        for (Delimiter d : values()) {
            int width = width(d, lines.get(0));
            if (width < 2) {
                continue;
            }
            int agreeing = (int) lines.stream().filter(l -> width(d, l) == width).count();
            if (agreeing > bestAgreeing) {
                best = d;
                bestAgreeing = agreeing;
            }
        }
        return best;
    }

    private static int width(Delimiter d, String line) {
        try {
            return d.split(line).size();
        } catch (IllegalArgumentException unclosedQuote) {
            return -1;
        }
    }

    @Override
    public String toString() {
        return word;
    }
}
