package org.erlangen.io;

import java.io.IOException;
import java.nio.file.Path;

/** A model file that is damaged, is not a safetensors file, or does not fit the model it is loaded into. */
public final class ModelFileException extends IOException {
    private final Path file;

    public ModelFileException(Path file, String problem) {
        super("model file " + file + ": " + problem);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
