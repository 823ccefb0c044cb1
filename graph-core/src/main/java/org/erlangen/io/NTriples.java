package org.erlangen.io;

/**
 * One line of N-Triples (W3C RDF 1.1): {@code subject predicate object .}, each term returned as written: an IRI
 * {@code <...>}, a blank node {@code _:name}, or (object only) a literal {@code "..."} with its escapes and an
 * optional {@code @lang} or {@code ^^<datatype>}.
 */
final class NTriples {
    private NTriples() {
    }

    /** The three terms of a triple line; errors name the line through {@code lines}. */
    static String[] parse(String line, TextLines lines) throws DatasetFormatException {
        String[] terms = new String[3];
        int[] at = {0};
        for (int k = 0; k < 3; k++) {
            skipSpace(line, at);
            if (at[0] >= line.length()) {
                throw lines.error("a triple has a subject, a predicate and an object; this line ends after "
                        + k + " term" + (k == 1 ? "" : "s"));
            }
            terms[k] = term(line, at, k, lines);
        }
        skipSpace(line, at);
        if (at[0] >= line.length() || line.charAt(at[0]) != '.') {
            throw lines.error("a triple ends with ' .'; found " + TextLines.quote(line.substring(at[0])));
        }
        at[0]++;
        skipSpace(line, at);
        if (at[0] < line.length() && line.charAt(at[0]) != '#') {
            throw lines.error("text after the triple's final '.': " + TextLines.quote(line.substring(at[0])));
        }
        return terms;
    }

    private static void skipSpace(String line, int[] at) {
        while (at[0] < line.length() && (line.charAt(at[0]) == ' ' || line.charAt(at[0]) == '\t')) {
            at[0]++;
        }
    }

    private static String term(String line, int[] at, int position, TextLines lines) throws DatasetFormatException {
        int start = at[0];
        char c = line.charAt(start);
        String role = position == 0 ? "subject" : position == 1 ? "predicate" : "object";
        if (c == '<') {
            int end = line.indexOf('>', start + 1);
            if (end < 0) {
                throw lines.error("the " + role + "'s IRI has no closing '>'");
            }
            at[0] = end + 1;
            return line.substring(start, end + 1);
        }
        if (position == 1) {
            throw lines.error("the predicate must be an IRI <...>; found " + TextLines.quote(word(line, start)));
        }
        if (c == '_' && line.startsWith("_:", start)) {
            String name = blankLabel(line, start);
            if (name.length() < 3) {
                throw lines.error("the " + role + " is a blank node without a name");
            }
            at[0] = start + name.length();
            return name;
        }
        if (c == '"' && position == 2) {
            int i = start + 1;
            while (i < line.length() && line.charAt(i) != '"') {
                i += line.charAt(i) == '\\' ? 2 : 1;
            }
            if (i >= line.length()) {
                throw lines.error("the object's literal has no closing '\"'");
            }
            int end = i + 1;
            if (line.startsWith("^^<", end)) {
                int close = line.indexOf('>', end + 3);
                if (close < 0) {
                    throw lines.error("the literal's datatype IRI has no closing '>'");
                }
                end = close + 1;
            } else if (end < line.length() && line.charAt(end) == '@') {
                int j = end + 1;
                while (j < line.length() && (Character.isLetterOrDigit(line.charAt(j)) || line.charAt(j) == '-')) {
                    j++;
                }
                end = j;
            }
            at[0] = end;
            return line.substring(start, end);
        }
        throw lines.error("the " + role + " must be an IRI <...>, a blank node _:name" + (position == 2
                ? " or a literal \"...\"" : "") + "; found " + TextLines.quote(word(line, start)));
    }

    /** {@code _:name}: up to a space, '<' or '"', and not taking a '.' that ends the label (the triple's own). */
    private static String blankLabel(String line, int start) {
        int end = start + 2;
        while (end < line.length() && " \t<\"".indexOf(line.charAt(end)) < 0) {
            end++;
        }
        while (end > start + 2 && line.charAt(end - 1) == '.') {
            end--;
        }
        return line.substring(start, end);
    }

    private static String word(String line, int start) {
        int end = start;
        while (end < line.length() && line.charAt(end) != ' ' && line.charAt(end) != '\t') {
            end++;
        }
        return line.substring(start, end);
    }
}
