package org.erlangen.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.erlangen.io.LineReader.BlankLines;
import org.erlangen.io.LineReader.Comments;
import org.junit.jupiter.api.Test;

class LineReaderTest {
    /** The format's own exception type, to show that errors come out as the format makes them. */
    static final class OwnException extends IOException {
        OwnException(String message) {
            super(message);
        }
    }

    private static LineReader<OwnException> reader(String text, Comments comments, BlankLines blanks, long before) {
        var format = new LineReader.Format<OwnException>(StandardCharsets.UTF_8, comments, blanks,
                (source, line, problem) -> new OwnException(source + " @" + line + " " + problem));
        return LineReader.of(new BufferedReader(new StringReader(text)), "t.txt", before, format);
    }

    @Test
    void wholeLineCommentsAndBlankLinesAreSkippedAndLinesCounted() throws IOException {
        var in = reader("  # a comment\n\n 1 2 # not a comment here\n%\n3\n", Comments.wholeLines("#%"),
                BlankLines.SKIPPED, 0);
        assertEquals("1 2 # not a comment here", in.next());
        assertEquals(3, in.line());
        assertEquals("3", in.next());
        assertEquals(5, in.line());
        assertNull(in.next());
        assertEquals("t.txt @5 bad", in.error("bad").getMessage());
    }

    @Test
    void endOfLineCommentsAreCutAndCountingContinuesAfterAHeader() throws IOException {
        var in = reader("v 1 2 3 # a vertex\n# only a comment\nf 1 2 3\n", Comments.toEndOfLine('#'),
                BlankLines.SKIPPED, 10);
        assertEquals("v 1 2 3", in.next());
        assertEquals(11, in.line());
        assertEquals("f 1 2 3", in.next());
        assertEquals(13, in.line());
    }

    @Test
    void aBlankLineBeforeMoreContentIsAnErrorOfItsLineWhenLinesArePositional() throws IOException {
        var in = reader("1\n\n2\n", Comments.NONE, BlankLines.ONLY_AT_END, 0);
        assertEquals("1", in.next());
        var e = assertThrows(OwnException.class, in::next);
        assertEquals("t.txt @2 empty line; every line of this file describes one item, in order", e.getMessage());

        var trailing = reader("1\n2\n\n \n", Comments.NONE, BlankLines.ONLY_AT_END, 0);
        assertEquals("1", trailing.next());
        assertEquals("2", trailing.next());
        assertNull(trailing.next());
    }
}
