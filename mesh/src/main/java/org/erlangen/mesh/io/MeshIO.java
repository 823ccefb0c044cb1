package org.erlangen.mesh.io;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import org.erlangen.mesh.MeshSource;
import org.erlangen.mesh.MeshValidation;
import org.erlangen.mesh.TriangleMesh;

/**
 * Reads and writes triangle meshes as OFF, OBJ or PLY, chosen by the file's extension (case-insensitive).
 *
 * <p>{@link #read} and {@link #load} check the syntax and the indices; {@link #readValid} also runs
 * {@link MeshValidation} and fails with the file's lines if the mesh has any problem. Every failure to understand
 * a file is a {@link MeshFormatException} naming the file and the line (or byte offset).
 */
public final class MeshIO {
    /** The supported formats. */
    public enum Format {
        OFF, OBJ, PLY;

        /** The format of a file by its extension. */
        public static Format of(Path file) throws MeshFormatException {
            String name = file.getFileName() == null ? "" : file.getFileName().toString();
            int dot = name.lastIndexOf('.');
            String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
            return switch (ext) {
                case "off" -> OFF;
                case "obj" -> OBJ;
                case "ply" -> PLY;
                default -> throw MeshFormatException.inFile(file.toString(), "unknown mesh file extension '"
                        + (dot < 0 ? "" : name.substring(dot)) + "'; expected .off, .obj or .ply");
            };
        }
    }

    /** How {@link #writePly} encodes the body. */
    public enum PlyEncoding {
        ASCII, BINARY_LITTLE_ENDIAN, BINARY_BIG_ENDIAN
    }

    private MeshIO() {
    }

    /** Reads a mesh (syntax and indices checked). */
    public static TriangleMesh read(Path file) throws IOException {
        return load(file).mesh();
    }

    /** Reads a mesh with the line (or byte offset) of every vertex and face, for validation messages. */
    public static MeshFile load(Path file) throws IOException {
        Format format = Format.of(file);
        if (!Files.isRegularFile(file)) {
            throw MeshFormatException.inFile(file.toString(), "file not found");
        }
        return switch (format) {
            case OFF -> OffFormat.read(file);
            case OBJ -> ObjFormat.read(file);
            case PLY -> PlyFormat.read(file);
        };
    }

    /**
     * Reads a mesh and requires {@link MeshValidation} to find no problems (a boundary is allowed).
     *
     * @throws MeshFormatException naming the file and line of the first problem, and listing up to ten
     */
    public static TriangleMesh readValid(Path file) throws IOException {
        MeshFile loaded = load(file);
        MeshValidation validation = loaded.validate();
        List<MeshValidation.Problem> problems = validation.problems();
        if (problems.isEmpty()) {
            return loaded.mesh();
        }
        MeshValidation.Problem first = problems.get(0);
        StringBuilder sb = new StringBuilder(first.detail());
        if (problems.size() > 1) {
            sb.append(" (").append(problems.size() - 1).append(" more problem").append(problems.size() > 2 ? "s" : "")
                    .append(':');
            for (int i = 1; i < Math.min(problems.size(), 10); i++) {
                sb.append("\n  ").append(problems.get(i));
            }
            sb.append(problems.size() > 10 ? "\n  ...)" : ")");
        }
        long location = loaded.source().unit() == MeshSource.Unit.NONE ? -1
                : first.kind() == MeshValidation.Kind.UNREFERENCED_VERTEX
                        || first.kind() == MeshValidation.Kind.NON_MANIFOLD_VERTEX
                        ? loaded.source().vertexLocation(first.element())
                        : loaded.source().faceLocation(first.element());
        String name = loaded.source().name();
        throw switch (loaded.source().unit()) {
            case LINE -> MeshFormatException.atLine(name, location, sb.toString());
            case BYTE -> MeshFormatException.atByte(name, location, sb.toString());
            case NONE -> MeshFormatException.inFile(name, sb.toString());
        };
    }

    /** Writes a mesh in the format of the file's extension (PLY as binary little-endian), replacing the file. */
    public static void write(TriangleMesh mesh, Path file) throws IOException {
        switch (Format.of(file)) {
            case OFF -> writeText(file, out -> OffFormat.write(mesh, out));
            case OBJ -> writeText(file, out -> ObjFormat.write(mesh, out));
            case PLY -> writePly(mesh, file, PlyEncoding.BINARY_LITTLE_ENDIAN);
        }
    }

    /** Writes a PLY file (double coordinates, uchar/int face lists) with the given encoding. */
    public static void writePly(TriangleMesh mesh, Path file, PlyEncoding encoding) throws IOException {
        PlyFormat.Encoding e = PlyFormat.Encoding.valueOf(encoding.name());
        writeAtomically(file, out -> PlyFormat.write(mesh, out, e));
    }

    private interface TextBody {
        void write(Writer out) throws IOException;
    }

    private interface Body {
        void write(OutputStream out) throws IOException;
    }

    private static void writeText(Path file, TextBody body) throws IOException {
        writeAtomically(file, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.US_ASCII), 1 << 16);
            body.write(w);
            w.flush();
        });
    }

    /** Writes to a temporary file beside the target, then moves it over, so a failed write leaves no half file. */
    private static void writeAtomically(Path file, Body body) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                body.write(out);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }
}
