package org.erlangen.mesh.io;

import java.io.IOException;

/**
 * A mesh file that cannot be read: the message names the file and, where the problem is in one place, the 1-based
 * line ({@code file:12: problem}, compiler style) or, in binary files, the byte offset
 * ({@code file: byte 340: problem}).
 */
public final class MeshFormatException extends IOException {
    private final String source;
    private final long line;
    private final long byteOffset;

    private MeshFormatException(String message, String source, long line, long byteOffset) {
        super(message);
        this.source = source;
        this.line = line;
        this.byteOffset = byteOffset;
    }

    /** A problem on one line of a text file (or of a PLY header). */
    public static MeshFormatException atLine(String source, long line, String problem) {
        return new MeshFormatException(source + ":" + line + ": " + problem, source, line, -1);
    }

    /** A problem at a byte offset of a binary file. */
    public static MeshFormatException atByte(String source, long offset, String problem) {
        return new MeshFormatException(source + ": byte " + offset + ": " + problem, source, -1, offset);
    }

    /** A problem with the whole file. */
    public static MeshFormatException inFile(String source, String problem) {
        return new MeshFormatException(source + ": " + problem, source, -1, -1);
    }

    /** The file at fault. */
    public String source() {
        return source;
    }

    /** The 1-based line at fault, or -1. */
    public long line() {
        return line;
    }

    /** The byte offset at fault in a binary file, or -1. */
    public long byteOffset() {
        return byteOffset;
    }
}
