package org.erlangen.gnn.molecules;

import java.util.ArrayList;
import java.util.List;

/** Splits one line of delimited values; fields may be quoted with '"', a doubled quote inside is a quote. */
final class CsvLine {
    private CsvLine() {
    }

    /** The fields of {@code line} between {@code delimiter}s; throws with the column when a quote is not closed. */
    static List<String> split(String line, char delimiter) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int quoteStart = -1;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                quoteStart = i;
            } else if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("quote opened at column " + (quoteStart + 1) + " is not closed");
        }
        fields.add(field.toString());
        return fields;
    }
}
