package org.erlangen.neo4j.catalog;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Model names become file names, so they are restricted to characters that cannot leave the catalog's folder: no
 * separators, no "..", no leading dot.
 */
public final class ModelNames {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{2}");
    /** The folder of calls without a user; '_' followed by "an", which is no hex byte, so no user's folder. */
    static final String ANONYMOUS = "_anonymous";
    /** Folder names stay well below the 255 bytes that file systems allow. */
    static final int MAX_FOLDER = 160;

    private ModelNames() {
    }

    public static String check(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("model name " + (name == null ? "null" : "'" + name + "'")
                    + " is not allowed: use 1 to 100 letters, digits, '_', '-' or '.', starting with a letter or "
                    + "digit, without '..'");
        }
        return name;
    }

    /**
     * A user name as a folder name that no other user name shares, even on a file system that ignores case (users
     * {@code Alice} and {@code alice}): lower-case letters, digits and '-' stand for themselves, an upper-case letter
     * is '+' and its lower-case form ({@code Alice} is {@code +alice}), and every other byte of the UTF-8 name is '_'
     * and two hex digits. Each of '+' and '_' starts only its own escape, so the encoding can be read back. A name
     * whose folder name would pass {@value #MAX_FOLDER} characters is cut there and ends in '=' and a SHA-256 digest
     * of the whole name. No user name becomes {@value #ANONYMOUS}, the folder of calls without a user (a server with
     * authentication off).
     */
    static String folderOf(String user) {
        if (user == null || user.isEmpty()) {
            return ANONYMOUS;
        }
        StringBuilder out = new StringBuilder();
        for (byte b : user.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
                out.append(c);
            } else if (c >= 'A' && c <= 'Z') {
                out.append('+').append(Character.toLowerCase(c));
            } else {
                out.append('_').append(String.format("%02x", b & 0xff));
            }
        }
        if (out.length() <= MAX_FOLDER) {
            return out.toString();
        }
        String digest = HexFormat.of().formatHex(sha256(user));
        return out.substring(0, MAX_FOLDER - digest.length() - 1) + "=" + digest;
    }

    /**
     * The user whose folder earlier versions of the plugin named {@code folder}, when that name differs from what
     * {@link #folderOf} gives the user now; otherwise null. Those versions wrote letters of either case, digits and
     * '-' as they are and every other byte as '_' and two hex digits, so only a name with an upper-case letter
     * differs (in every other name both encodings agree).
     */
    static String legacyUser(String folder) {
        if (folder.chars().noneMatch(c -> c >= 'A' && c <= 'Z')) {
            return null;
        }
        var bytes = new ByteArrayOutputStream();
        for (int i = 0; i < folder.length(); i++) {
            char c = folder.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-') {
                bytes.write(c);
            } else if (c == '_' && i + 2 < folder.length() && HEX.matcher(folder.substring(i + 1, i + 3))
                    .matches()) {
                bytes.write(Integer.parseInt(folder, i + 1, i + 3, 16));
                i += 2;
            } else {
                return null;
            }
        }
        String user = bytes.toString(StandardCharsets.UTF_8);
        return user.getBytes(StandardCharsets.UTF_8).length == bytes.size() ? user : null;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
