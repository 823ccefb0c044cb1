package org.erlangen.cli;

/** A problem with the user's input or setup, reported as one line. */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }
}
