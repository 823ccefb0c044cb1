package org.erlangen.gnn.molecules;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.erlangen.io.DatasetFormatException;

/** A text file's lines, with a file that is not UTF-8 refused by name rather than by a bare decoder error. */
final class Utf8Lines {
    private Utf8Lines() {
    }

    static List<String> read(Path file) throws IOException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new DatasetFormatException(file.toString(), "not UTF-8 text; is this a binary file?");
        }
    }
}
