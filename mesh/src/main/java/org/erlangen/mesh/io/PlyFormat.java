package org.erlangen.mesh.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.erlangen.mesh.MeshSource;
import org.erlangen.mesh.TriangleMesh;

/**
 * The PLY format, ascii, binary_little_endian and binary_big_endian: the {@code vertex} element's x, y, z
 * properties (any numeric type) and the {@code face} element's {@code vertex_indices} (or {@code vertex_index})
 * list, with integer count and index types. Other properties and elements are skipped. Polygons are split into
 * fans of triangles. In ascii files each element instance is one line.
 */
final class PlyFormat {
    /** The most bytes one Java array holds, as the whole file is read into one. */
    static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;
    /** How a PLY body is encoded. */
    enum Encoding {
        ASCII("ascii"), BINARY_LITTLE_ENDIAN("binary_little_endian"), BINARY_BIG_ENDIAN("binary_big_endian");

        final String keyword;

        Encoding(String keyword) {
            this.keyword = keyword;
        }
    }

    /** Scalar types, with their PLY names (old and new spellings). */
    private enum Type {
        CHAR(1, true, "char", "int8"), UCHAR(1, true, "uchar", "uint8"), SHORT(2, true, "short", "int16"),
        USHORT(2, true, "ushort", "uint16"), INT(4, true, "int", "int32"), UINT(4, true, "uint", "uint32"),
        FLOAT(4, false, "float", "float32"), DOUBLE(8, false, "double", "float64");

        final int size;
        final boolean integral;
        final String name;
        final String alias;

        Type(int size, boolean integral, String name, String alias) {
            this.size = size;
            this.integral = integral;
            this.name = name;
            this.alias = alias;
        }

        static Type of(String name) {
            for (Type t : values()) {
                if (t.name.equals(name) || t.alias.equals(name)) {
                    return t;
                }
            }
            return null;
        }

        double read(ByteBuffer b) {
            return switch (this) {
                case CHAR -> b.get();
                case UCHAR -> b.get() & 0xff;
                case SHORT -> b.getShort();
                case USHORT -> b.getShort() & 0xffff;
                case INT -> b.getInt();
                case UINT -> b.getInt() & 0xffffffffL;
                case FLOAT -> b.getFloat();
                case DOUBLE -> b.getDouble();
            };
        }

        /** The range of an integral type, to check ascii values against. */
        boolean holds(long v) {
            return switch (this) {
                case CHAR -> v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE;
                case UCHAR -> v >= 0 && v <= 255;
                case SHORT -> v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
                case USHORT -> v >= 0 && v <= 65535;
                case INT -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
                case UINT -> v >= 0 && v <= 0xffffffffL;
                default -> true;
            };
        }
    }

    /** A property; {@code countType} is null for a scalar. */
    private record Property(String name, Type type, Type countType, long line) {
        boolean isList() {
            return countType != null;
        }
    }

    private record Element(String name, long count, List<Property> properties, long line) {
        /** Smallest possible size of one instance in a binary file (lists empty). */
        long minimumSize() {
            long size = 0;
            for (Property p : properties) {
                size += p.isList() ? p.countType.size : p.type.size;
            }
            return size;
        }
    }

    private record Header(Encoding encoding, List<Element> elements, long lines, int bodyStart) {
    }

    private PlyFormat() {
    }

    static MeshFile read(Path file) throws IOException {
        String source = file.toString();
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw MeshFormatException.inFile(source, "file of " + size + " bytes; PLY files are read whole, and at "
                    + "most " + MAX_FILE_BYTES + " bytes can be");
        }
        byte[] bytes = Files.readAllBytes(file);
        Header header = header(bytes, source);
        Element vertex = null;
        Element face = null;
        for (Element e : header.elements) {
            if (e.name.equals("vertex") && vertex == null) {
                vertex = e;
            } else if (e.name.equals("face") && face == null) {
                face = e;
            }
        }
        if (vertex == null) {
            throw MeshFormatException.inFile(source, "bad header: no 'element vertex'");
        }
        if (face == null) {
            throw MeshFormatException.inFile(source, "bad header: no 'element face'");
        }
        int[] xyz = new int[3];
        for (int a = 0; a < 3; a++) {
            String axis = "xyz".substring(a, a + 1);
            xyz[a] = find(vertex, axis);
            if (xyz[a] < 0) {
                throw MeshFormatException.atLine(source, vertex.line, "bad header: element vertex has no property '"
                        + axis + "'");
            }
            if (vertex.properties.get(xyz[a]).isList()) {
                throw MeshFormatException.atLine(source, vertex.properties.get(xyz[a]).line,
                        "bad header: vertex property '" + axis + "' is a list; expected a number");
            }
        }
        int indices = find(face, "vertex_indices");
        if (indices < 0) {
            indices = find(face, "vertex_index");
        }
        if (indices < 0) {
            throw MeshFormatException.atLine(source, face.line, "bad header: element face has no list property "
                    + "'vertex_indices'");
        }
        Property list = face.properties.get(indices);
        if (!list.isList() || !list.type.integral || !list.countType.integral) {
            throw MeshFormatException.atLine(source, list.line, "bad header: face property '" + list.name
                    + "' must be a list with integer count and index types, e.g. 'property list uchar int "
                    + "vertex_indices'");
        }
        if (vertex.count > Integer.MAX_VALUE || face.count > Integer.MAX_VALUE) {
            throw MeshFormatException.inFile(source, "bad header: " + vertex.count + " vertices and " + face.count
                    + " faces exceed the supported " + Integer.MAX_VALUE);
        }
        MeshBuilder mesh = new MeshBuilder(source, header.encoding == Encoding.ASCII ? MeshSource.Unit.LINE
                : MeshSource.Unit.BYTE, vertex.count, face.count);
        Body body = header.encoding == Encoding.ASCII
                ? new AsciiBody(source, bytes, header)
                : new BinaryBody(source, bytes, header);
        for (Element e : header.elements) {
            if (e == vertex) {
                readVertices(body, e, xyz, mesh);
            } else if (e == face) {
                readFaces(body, e, indices, (int) vertex.count, mesh);
            } else {
                for (long i = 0; i < e.count; i++) {
                    body.begin(e, i);
                    for (Property p : e.properties) {
                        body.skip(p);
                    }
                    body.end();
                }
            }
        }
        body.finish();
        if (face.count == 0) {
            throw MeshFormatException.atLine(source, face.line, "the file declares no faces");
        }
        return mesh.build(source, header.encoding == Encoding.ASCII ? MeshSource.Unit.LINE : MeshSource.Unit.BYTE);
    }

    private static void readVertices(Body body, Element e, int[] xyz, MeshBuilder mesh) throws IOException {
        double[] c = new double[3];
        for (long i = 0; i < e.count; i++) {
            long location = body.begin(e, i);
            for (int k = 0; k < e.properties.size(); k++) {
                Property p = e.properties.get(k);
                int axis = k == xyz[0] ? 0 : k == xyz[1] ? 1 : k == xyz[2] ? 2 : -1;
                if (axis < 0) {
                    body.skip(p);
                    continue;
                }
                c[axis] = body.scalar(p, p.name + " of vertex " + i);
                if (!Double.isFinite(c[axis])) {
                    throw body.error(p.name + " of vertex " + i + " is " + c[axis] + ", not a finite number");
                }
            }
            body.end();
            mesh.addVertex(c[0], c[1], c[2], location);
        }
    }

    private static void readFaces(Body body, Element e, int indices, int vertexCount, MeshBuilder mesh)
            throws IOException {
        int[] polygon = new int[8];
        for (long i = 0; i < e.count; i++) {
            long location = body.begin(e, i);
            int k = 0;
            for (int j = 0; j < e.properties.size(); j++) {
                Property p = e.properties.get(j);
                if (j != indices) {
                    body.skip(p);
                    continue;
                }
                long n = body.listCount(p, "the vertex count of face " + i);
                if (n < 3) {
                    throw body.error("face " + i + " has " + n + " vertices; a face needs at least 3");
                }
                body.require(n * p.type.size, "the " + n + " vertex indices of face " + i);
                k = (int) n;
                if (polygon.length < k) {
                    polygon = new int[k];
                }
                for (int v = 0; v < k; v++) {
                    double index = body.scalar(new Property(p.name, p.type, null, p.line), "a vertex index of face "
                            + i);
                    if (index < 0 || index >= vertexCount) {
                        throw body.error("face " + i + ": vertex index " + (long) index + " out of range [0, "
                                + vertexCount + ")");
                    }
                    polygon[v] = (int) index;
                }
            }
            body.end();
            mesh.addPolygon(polygon, k, location);
        }
    }

    private static int find(Element e, String name) {
        for (int i = 0; i < e.properties.size(); i++) {
            if (e.properties.get(i).name.equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static Header header(byte[] bytes, String source) throws MeshFormatException {
        Encoding encoding = null;
        List<Element> elements = new ArrayList<>();
        List<Property> properties = null;
        int pos = 0;
        long line = 0;
        while (true) {
            if (pos >= bytes.length) {
                throw MeshFormatException.atLine(source, Math.max(line, 1), "bad header: the file ends before "
                        + "'end_header'" + (line == 0 ? " (empty file)" : ""));
            }
            int end = pos;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            String text = new String(bytes, pos, end - pos, StandardCharsets.ISO_8859_1);
            pos = Math.min(end + 1, bytes.length);
            line++;
            String[] t = TextLines.split(text);
            long at = line;
            TextLines.Errors errors = p -> MeshFormatException.atLine(source, at, p);
            if (line == 1) {
                if (t.length != 1 || !t[0].equals("ply")) {
                    throw errors.at("bad header: expected 'ply' on the first line, found "
                            + TextLines.quote(text.strip()));
                }
                continue;
            }
            if (t.length == 0) {
                throw errors.at("bad header: empty line inside the header");
            }
            switch (t[0]) {
                case "end_header" -> {
                    if (encoding == null) {
                        throw errors.at("bad header: no 'format' line before 'end_header'");
                    }
                    List<Element> frozen = new ArrayList<>();
                    for (Element e : elements) {
                        if (e.properties.isEmpty() && e.count > 0) {
                            throw MeshFormatException.atLine(source, e.line, "bad header: element " + e.name
                                    + " has " + e.count + " instances but no properties");
                        }
                        frozen.add(new Element(e.name, e.count, List.copyOf(e.properties), e.line));
                    }
                    return new Header(encoding, frozen, line, pos);
                }
                case "comment", "obj_info" -> {
                }
                case "format" -> {
                    if (t.length != 3) {
                        throw errors.at("bad header: expected 'format <encoding> 1.0', found "
                                + TextLines.quote(text.strip()));
                    }
                    for (Encoding e : Encoding.values()) {
                        if (e.keyword.equals(t[1])) {
                            encoding = e;
                        }
                    }
                    if (encoding == null) {
                        throw errors.at("bad header: unknown format " + TextLines.quote(t[1])
                                + "; expected ascii, binary_little_endian or binary_big_endian");
                    }
                }
                case "element" -> {
                    if (t.length != 3) {
                        throw errors.at("bad header: expected 'element <name> <count>', found "
                                + TextLines.quote(text.strip()));
                    }
                    long count;
                    try {
                        count = Long.parseLong(t[2]);
                    } catch (NumberFormatException e) {
                        throw errors.at("bad header: element " + t[1] + " has count " + TextLines.quote(t[2])
                                + "; expected a non-negative integer");
                    }
                    if (count < 0) {
                        throw errors.at("bad header: element " + t[1] + " has negative count " + count);
                    }
                    properties = new ArrayList<>();
                    elements.add(new Element(t[1], count, properties, line));
                }
                case "property" -> {
                    if (properties == null) {
                        throw errors.at("bad header: 'property' before any 'element'");
                    }
                    if (t.length == 3) {
                        properties.add(new Property(t[2], type(t[1], errors), null, line));
                    } else if (t.length == 5 && t[1].equals("list")) {
                        Type count = type(t[2], errors);
                        if (!count.integral) {
                            throw errors.at("bad header: list count type " + t[2] + " is not an integer type");
                        }
                        properties.add(new Property(t[4], type(t[3], errors), count, line));
                    } else {
                        throw errors.at("bad header: expected 'property <type> <name>' or 'property list "
                                + "<count type> <item type> <name>', found " + TextLines.quote(text.strip()));
                    }
                }
                default -> throw errors.at("bad header: unknown keyword " + TextLines.quote(t[0]));
            }
        }
    }

    private static Type type(String name, TextLines.Errors errors) throws MeshFormatException {
        Type t = Type.of(name);
        if (t == null) {
            throw errors.at("bad header: unknown property type " + TextLines.quote(name));
        }
        return t;
    }

    /** Reads element instances from the body, one value at a time. */
    private interface Body {
        /** Starts instance i of e; returns its location (line or byte offset). */
        long begin(Element e, long i) throws IOException;

        double scalar(Property p, String what) throws IOException;

        long listCount(Property p, String what) throws IOException;

        void skip(Property p) throws IOException;

        /** Checks that at least {@code bytes} bytes (binary) remain for what follows. */
        void require(long bytes, String what) throws IOException;

        void end() throws IOException;

        void finish() throws IOException;

        MeshFormatException error(String problem);
    }

    private static final class AsciiBody implements Body {
        private final TextLines in;
        private String[] tokens;
        private int next;
        private Element element;
        private long index;

        AsciiBody(String source, byte[] bytes, Header header) throws MeshFormatException {
            // Reject impossible counts before reading anything: an instance is a line of a value and a separator
            // (space or line break) per property, so at least two bytes each (the file's last line break aside).
            long least = 0;
            long remaining = bytes.length - header.bodyStart;
            for (Element e : header.elements) {
                long size = 2L * e.properties.size();
                if (size > 0 && e.count > (remaining + 1 - least) / size) {
                    throw MeshFormatException.atLine(source, e.line, "element " + e.name + " declares " + e.count
                            + " instances of " + e.properties.size() + " values, more than the " + remaining
                            + " bytes after the header can hold");
                }
                least += e.count * size;
            }
            String text = new String(bytes, header.bodyStart, bytes.length - header.bodyStart,
                    StandardCharsets.ISO_8859_1);
            in = TextLines.of(new BufferedReader(new StringReader(text)), source, header.lines);
        }

        @Override
        public long begin(Element e, long i) throws IOException {
            element = e;
            index = i;
            tokens = in.next();
            next = 0;
            if (tokens == null) {
                throw MeshFormatException.atLine(in.source(), in.line(), "file ends at " + e.name + " " + i + " of "
                        + e.count + " declared on line " + e.line + " (truncated file or wrong counts)");
            }
            return in.line();
        }

        private String token(String what) throws MeshFormatException {
            if (next >= tokens.length) {
                throw in.error(element.name + " " + index + " ends after " + tokens.length + " values; expected "
                        + what);
            }
            return tokens[next++];
        }

        @Override
        public double scalar(Property p, String what) throws IOException {
            String token = token(what);
            if (p.type.integral) {
                return integral(token, p.type, what);
            }
            return TextLines.parseNumber(token, what, in::error);
        }

        private long integral(String token, Type type, String what) throws MeshFormatException {
            long v;
            try {
                v = Long.parseLong(token);
            } catch (NumberFormatException e) {
                throw in.error("expected " + what + " (an integer), found " + TextLines.quote(token));
            }
            if (!type.holds(v)) {
                throw in.error(what + " is " + v + ", outside the range of its type " + type.name);
            }
            return v;
        }

        @Override
        public long listCount(Property p, String what) throws IOException {
            long n = integral(token(what), p.countType, what);
            if (n < 0) {
                throw in.error(what + " is negative: " + n);
            }
            if (n > tokens.length - next) {
                throw in.error(what + " is " + n + ", but the line holds only " + (tokens.length - next)
                        + " more values");
            }
            return n;
        }

        @Override
        public void skip(Property p) throws IOException {
            String what = "property '" + p.name + "'";
            long n = p.isList() ? listCount(p, "the length of " + what) : 1;
            for (long i = 0; i < n; i++) {
                String token = token(what);
                if (p.type.integral) {
                    integral(token, p.type, what);
                } else if (!isNumber(token)) {
                    throw in.error("expected " + what + " (a number), found " + TextLines.quote(token));
                }
            }
        }

        @Override
        public void require(long bytes, String what) {
        }

        /** A number, where non-finite spellings (nan, inf) are allowed: these properties are skipped. */
        private static boolean isNumber(String token) {
            String t = token.toLowerCase(Locale.ROOT);
            if (t.startsWith("-") || t.startsWith("+")) {
                t = t.substring(1);
            }
            if (t.equals("nan") || t.equals("inf") || t.equals("infinity")) {
                return true;
            }
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                if (!(c >= '0' && c <= '9') && c != '.' && c != '-' && c != '+' && c != 'e') {
                    return false;
                }
            }
            try {
                Double.parseDouble(t);
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        @Override
        public void end() throws MeshFormatException {
            if (next < tokens.length) {
                throw in.error(element.name + " " + index + " has " + (tokens.length - next)
                        + " values more than its properties describe");
            }
        }

        @Override
        public void finish() throws IOException {
            if (in.next() != null) {
                throw in.error("unexpected content after the last element: are the header's counts right?");
            }
        }

        @Override
        public MeshFormatException error(String problem) {
            return in.error(problem);
        }
    }

    private static final class BinaryBody implements Body {
        private final String source;
        private final ByteBuffer buffer;
        private Element element;
        private long index;
        private long start;

        BinaryBody(String source, byte[] bytes, Header header) throws MeshFormatException {
            this.source = source;
            buffer = ByteBuffer.wrap(bytes);
            buffer.position(header.bodyStart);
            buffer.order(header.encoding == Encoding.BINARY_BIG_ENDIAN ? ByteOrder.BIG_ENDIAN
                    : ByteOrder.LITTLE_ENDIAN);
            // Reject impossible counts before reading (and allocating) anything.
            long least = 0;
            for (Element e : header.elements) {
                long size = e.minimumSize();
                if (size > 0 && e.count > (Long.MAX_VALUE - least) / size) {
                    throw MeshFormatException.atLine(source, e.line, "element " + e.name + " declares " + e.count
                            + " instances, far more than the file holds");
                }
                least += e.count * size;
            }
            if (least > buffer.remaining()) {
                throw MeshFormatException.atByte(source, header.bodyStart, "the header's elements need at least "
                        + least + " bytes, but only " + buffer.remaining() + " follow the header (truncated file "
                        + "or wrong counts)");
            }
        }

        @Override
        public long begin(Element e, long i) {
            element = e;
            index = i;
            start = buffer.position();
            return start;
        }

        @Override
        public void require(long bytes, String what) throws MeshFormatException {
            if (bytes > buffer.remaining()) {
                throw MeshFormatException.atByte(source, buffer.position(), "file ends in " + element.name + " "
                        + index + " (which starts at byte " + start + "): " + what + " need " + bytes
                        + " bytes, " + buffer.remaining() + " remain (truncated file)");
            }
        }

        @Override
        public double scalar(Property p, String what) throws IOException {
            require(p.type.size, what);
            return p.type.read(buffer);
        }

        @Override
        public long listCount(Property p, String what) throws IOException {
            require(p.countType.size, what);
            long n = (long) p.countType.read(buffer);
            if (n < 0) {
                throw error(what + " is negative: " + n);
            }
            return n;
        }

        @Override
        public void skip(Property p) throws IOException {
            long n = p.isList() ? listCount(p, "the length of property '" + p.name + "'") : 1;
            require(n * p.type.size, "property '" + p.name + "'");
            buffer.position((int) (buffer.position() + n * p.type.size));
        }

        @Override
        public void end() {
        }

        @Override
        public void finish() throws MeshFormatException {
            if (buffer.hasRemaining()) {
                throw MeshFormatException.atByte(source, buffer.position(), buffer.remaining()
                        + " bytes follow the last element: are the header's counts right?");
            }
        }

        @Override
        public MeshFormatException error(String problem) {
            return MeshFormatException.atByte(source, start, element.name + " " + index + ": " + problem);
        }
    }

    static void write(TriangleMesh mesh, OutputStream out, Encoding encoding) throws IOException {
        String header = "ply\nformat " + encoding.keyword + " 1.0\ncomment written by Erlangen\nelement vertex "
                + mesh.vertexCount() + "\nproperty double x\nproperty double y\nproperty double z\nelement face "
                + mesh.faceCount() + "\nproperty list uchar int vertex_indices\nend_header\n";
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        if (encoding == Encoding.ASCII) {
            StringBuilder sb = new StringBuilder();
            for (int v = 0; v < mesh.vertexCount(); v++) {
                sb.append(mesh.coordinate(v, 0)).append(' ').append(mesh.coordinate(v, 1)).append(' ')
                        .append(mesh.coordinate(v, 2)).append('\n');
                flushIfLarge(sb, out);
            }
            for (int f = 0; f < mesh.faceCount(); f++) {
                sb.append("3 ").append(mesh.vertex(f, 0)).append(' ').append(mesh.vertex(f, 1)).append(' ')
                        .append(mesh.vertex(f, 2)).append('\n');
                flushIfLarge(sb, out);
            }
            out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
            return;
        }
        ByteBuffer b = ByteBuffer.allocate(24 * mesh.vertexCount() + 13 * mesh.faceCount());
        b.order(encoding == Encoding.BINARY_BIG_ENDIAN ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        for (int v = 0; v < mesh.vertexCount(); v++) {
            b.putDouble(mesh.coordinate(v, 0)).putDouble(mesh.coordinate(v, 1)).putDouble(mesh.coordinate(v, 2));
        }
        for (int f = 0; f < mesh.faceCount(); f++) {
            b.put((byte) 3).putInt(mesh.vertex(f, 0)).putInt(mesh.vertex(f, 1)).putInt(mesh.vertex(f, 2));
        }
        out.write(b.array());
    }

    private static void flushIfLarge(StringBuilder sb, OutputStream out) throws IOException {
        if (sb.length() > 1 << 16) {
            out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
            sb.setLength(0);
        }
    }
}
