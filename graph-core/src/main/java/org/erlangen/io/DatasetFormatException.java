package org.erlangen.io;

import java.io.IOException;

/**
 * A dataset file that does not follow its format. The message names the file, the 1-based line (when the problem
 * is on one line) and what was expected there, in the {@code file:line: message} style of compilers.
 */
public final class DatasetFormatException extends IOException {
    private final String source;
    private final int line;

    /** A problem on one line of {@code source} (a path, or a classpath resource name). */
    public DatasetFormatException(String source, int line, String problem) {
        super(source + ":" + line + ": " + problem);
        this.source = source;
        this.line = line;
    }

    /** A problem with a whole file or folder (missing, wrong line count, no recognised layout). */
    public DatasetFormatException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
        this.line = 0;
    }

    /** The file, folder or resource at fault. */
    public String source() {
        return source;
    }

    /** The 1-based line at fault, or 0 when the problem is not on one line. */
    public int line() {
        return line;
    }
}
