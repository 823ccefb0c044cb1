package org.erlangen.io;

import static org.erlangen.io.TestFiles.assertFormatError;
import static org.erlangen.io.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableReaderTest {
    @TempDir
    Path dir;

    @Test
    void detectsCommaTabAndSemicolonFromTheHeader() throws IOException {
        for (String d : new String[] {",", "\t", ";"}) {
            Path file = write(dir, "t.txt", String.join(d, "id", "age", "city"), String.join(d, "a", "31", "Bonn"),
                    "", String.join(d, "b", "", "Köln"));
            Table t = TableReader.read(file);
            assertEquals(d.charAt(0), t.delimiter());
            assertEquals(List.of("id", "age", "city"), t.columns());
            assertEquals(2, t.rowCount());
            assertEquals("Köln", t.value(1, 2));
            assertEquals("", t.value(1, 1), "an empty field stays");
            assertEquals(4, t.line(1), "blank lines count");
        }
    }

    @Test
    void quotedFieldsHoldDelimitersAndQuotes() throws IOException {
        Path file = write(dir, "q.csv", "\uFEFFid, name ,note", "1,\"Smith, John\", \"said \"\"hi\"\"\" ",
                "2, plain , \"\"");
        Table t = TableReader.read(file);
        assertEquals(List.of("id", "name", "note"), t.columns(), "byte-order mark and spaces dropped");
        assertEquals("Smith, John", t.value(0, 1));
        assertEquals("said \"hi\"", t.value(0, 2));
        assertEquals("plain", t.value(1, 1));
        assertEquals("", t.value(1, 2));
    }

    @Test
    void aGivenDelimiterWins() throws IOException {
        Path file = write(dir, "g.csv", "id;label,x", "a;1,5");
        assertFormatError(() -> TableReader.read(file), "g.csv:1:", "comma and semicolon", "--delimiter");
        Table t = TableReader.read(file, ';');
        assertEquals(List.of("id", "label,x"), t.columns());
        assertEquals("1,5", t.value(0, 1));
    }

    @Test
    void problemsNameTheFileAndLine() throws IOException {
        assertFormatError(() -> TableReader.read(write(dir, "short.csv", "id,a,b", "1,2,3", "2,3")), "short.csv:3:",
                "expected 3 fields as in the header, found 2", "comma, detected");
        assertFormatError(() -> TableReader.read(write(dir, "open.csv", "id,a", "1,\"x")), "open.csv:2:",
                "quote opened in field 2", "not closed");
        assertFormatError(() -> TableReader.read(write(dir, "after.csv", "id,a", "1,\"x\"y")), "after.csv:2:",
                "text after its closing quote");
        assertFormatError(() -> TableReader.read(write(dir, "twice.csv", "id,a,id")), "twice.csv:1:",
                "column 'id' twice (columns 1 and 3)");
        assertFormatError(() -> TableReader.read(write(dir, "empty.csv", "", "  ")), "empty.csv:", "empty");
        assertFormatError(() -> TableReader.read(dir.resolve("absent.csv")), "absent.csv", "file not found");
        Path binary = dir.resolve("bin.csv");
        Files.write(binary, new byte[] {'i', 'd', '\n', (byte) 0xff, (byte) 0xfe, '\n'});
        assertFormatError(() -> TableReader.read(binary), "bin.csv:2:", "not UTF-8");
    }

    @Test
    void emptyHeaderNamesArePositions() throws IOException {
        Files.writeString(dir.resolve("pandas.csv"), ",a\n0,1\n", StandardCharsets.UTF_8);
        assertEquals(List.of("column1", "a"), TableReader.read(dir.resolve("pandas.csv")).columns());
    }
}
