package org.erlangen.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.erlangen.nn.Module;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Model files in the safetensors layout, which PyTorch and the Hugging Face tools read: an 8-byte little-endian
 * header length N, N bytes of JSON header ({@code {"name": {"dtype", "shape", "data_offsets"}, ...,
 * "__metadata__": {...}}}), then the raw little-endian tensor bytes. The files hold data only, never code.
 *
 * <p>The architecture config is a JSON object stored as a string under {@code __metadata__["erlangen.config"]},
 * because safetensors metadata values must be strings. Writing goes to a temporary file in the same folder that is
 * then renamed over the target, so a crash leaves either the old file or the new one, never a torn one. Reading checks
 * the whole header before reading any tensor and refuses damaged files with a {@link ModelFileException}.
 *
 * <p>{@link #write} and {@link #read} move any tensors, bit for bit, NaN included. A model's weights must be finite:
 * {@link #save} refuses to write, and {@link #readModel} and {@link #loadInto} refuse to load, a model with a weight
 * that is not (the sign of a training run that diverged), naming the tensor.
 *
 * <p>Hostile files are refused before anything large is allocated: a header of at most {@value #MAX_HEADER_BYTES}
 * bytes, with the limits of {@link SafetensorsHeader} (tensor count, rank, nesting), every shape matching the bytes
 * present, and a config nested at most {@value #MAX_CONFIG_DEPTH} levels. {@link #readHeader} reads only the header.
 */
public final class ModelFile {
    /** The metadata key holding the architecture config, a JSON object as a string. */
    public static final String CONFIG_KEY = "erlangen.config";
    /**
     * Header size limit. The reference implementation allows 100 MB; a header that size (a million empty tensors)
     * took half a minute to check, and a model here needs a few kilobytes.
     */
    static final long MAX_HEADER_BYTES = 16L << 20;
    /** A config is an object of settings with a few nested objects and lists. */
    static final int MAX_CONFIG_DEPTH = 16;
    /** Temporary files of {@link #write}: the target's name after a dot, then a random hex number. */
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.[0-9a-f]{1,16}\\.tmp");
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");
    /** Tensor bytes move through a buffer of this size (a multiple of every element size). */
    private static final int CHUNK = 1 << 22;
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private ModelFile() {
    }

    /**
     * A model file's tensors in file order, the config (empty when the file has none) and all metadata strings.
     */
    public record Contents(LinkedHashMap<String, INDArray> tensors, JsonObject config, Map<String, String> metadata) {
    }

    /**
     * What a model file says without its tensors: the config (empty when the file has none), the metadata strings,
     * and each tensor's shape in file order, all checked as {@link #read} checks them.
     */
    public record Header(JsonObject config, Map<String, String> metadata, LinkedHashMap<String, long[]> shapes) {
        /** The number of values in all tensors. */
        public long elements() {
            long total = 0;
            for (long[] shape : shapes.values()) {
                total += count(shape);
            }
            return total;
        }

        /** The number of values in a shape (the header check guarantees no overflow). */
        public static long count(long[] shape) {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /** Who may read a file that is written. */
    public enum Access {
        /** As the process's defaults (its umask) allow. */
        DEFAULT,
        /** Its owner only, on file systems with POSIX permissions (and folders created for it likewise). */
        OWNER_ONLY
    }

    /** Writes {@code tensors} (FLOAT, DOUBLE, INT or LONG) and {@code config} (may be null) to {@code file}. */
    public static void write(Path file, Map<String, INDArray> tensors, JsonObject config) throws IOException {
        write(file, tensors, config, Access.DEFAULT);
    }

    /** Writes as {@link #write(Path, Map, JsonObject)}, with the file readable as {@code access} says. */
    public static void write(Path file, Map<String, INDArray> tensors, JsonObject config, Access access)
            throws IOException {
        Layout layout = layout(tensors, config);
        Path target = file.toAbsolutePath();
        Path folder = target.getParent();
        createFolder(folder, access);
        Path temp = temporaryFor(target);
        try {
            try (FileChannel out = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), fileAttributes(folder, access, OWNER_READ_WRITE))) {
                writeFully(out, layout.head());
                ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
                for (INDArray array : layout.arrays()) {
                    writeTensor(out, array, chunk);
                }
                out.force(true);
            }
            moveAtomically(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
        syncFolder(folder);
    }

    /** The bytes before the data (length field and header) and the arrays to write after them, in order. */
    private record Layout(ByteBuffer head, List<INDArray> arrays) {
        long fileSize() {
            long size = head.remaining();
            for (INDArray a : arrays) {
                size += a.isEmpty() ? 0 : a.length() * SafetensorsDtype.of(a.dataType()).size;
            }
            return size;
        }
    }

    /** The size in bytes of the file {@link #save} would write for {@code module} and {@code config}. */
    public static long fileSize(Module module, JsonObject config) {
        return layout(module.stateDict(), config).fileSize();
    }

    /**
     * A fresh name for a temporary file beside {@code target}, as {@link #write} uses before renaming it over the
     * target; {@link #removeTemporaries} recognises it.
     */
    public static Path temporaryFor(Path target) {
        Path absolute = target.toAbsolutePath();
        return absolute.resolveSibling("." + absolute.getFileName() + "." + Long.toHexString(
                ThreadLocalRandom.current().nextLong()) + ".tmp");
    }

    /**
     * Deletes the temporary files that writes into {@code folder} left behind when the process died before renaming
     * them. Only for a folder that no write is using at the time. Returns how many it deleted.
     */
    public static int removeTemporaries(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (TEMPORARY.matcher(f.getFileName().toString()).matches() && Files.isRegularFile(f)) {
                    Files.deleteIfExists(f);
                    removed++;
                }
            }
        }
        return removed;
    }

    /** Creates a folder (and its parents) that does not exist yet, owner-only when asked and supported. */
    public static void createFolder(Path folder, Access access) throws IOException {
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder, fileAttributes(folder, access, OWNER_ONLY_FOLDER));
        }
    }

    private static FileAttribute<?>[] fileAttributes(Path where, Access access, Set<PosixFilePermission> owner) {
        if (access == Access.OWNER_ONLY && where.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(owner)};
        }
        return new FileAttribute<?>[0];
    }

    /** Checks every tensor and builds the header, before any file is touched. */
    private static Layout layout(Map<String, INDArray> tensors, JsonObject config) {
        JsonObject header = new JsonObject();
        JsonObject metadata = new JsonObject();
        metadata.addProperty("format", "pt");
        if (config != null) {
            metadata.addProperty(CONFIG_KEY, GSON.toJson(config));
        }
        header.add(SafetensorsHeader.METADATA, metadata);
        List<INDArray> arrays = new ArrayList<>(tensors.size());
        long offset = 0;
        for (var entry : tensors.entrySet()) {
            String name = entry.getKey();
            INDArray array = entry.getValue();
            if (name.isEmpty() || name.equals(SafetensorsHeader.METADATA) || array == null) {
                throw new IllegalArgumentException("cannot store tensor '" + name + "'"
                        + (array == null ? ": it is null" : ": reserved or empty name"));
            }
            SafetensorsDtype dtype;
            try {
                dtype = SafetensorsDtype.of(array.dataType());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("tensor '" + name + "': " + e.getMessage());
            }
            INDArray dense = contiguous(array);
            long bytes = dense.length() * dtype.size;
            if (bytes > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("tensor '" + name + "' has " + bytes
                        + " bytes; tensors over 2 GiB are not supported");
            }
            JsonObject info = new JsonObject();
            info.addProperty("dtype", dtype.name());
            info.add("shape", GSON.toJsonTree(dense.shape()));
            info.add("data_offsets", GSON.toJsonTree(new long[] {offset, offset + bytes}));
            header.add(name, info);
            arrays.add(dense);
            offset += bytes;
        }
        byte[] json = GSON.toJson(header).getBytes(StandardCharsets.UTF_8);
        // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        return new Layout(head.flip(), arrays);
    }

    /** Reads and checks a model file. */
    public static Contents read(Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            Checked checked = checkHeader(in, file);
            LinkedHashMap<String, INDArray> tensors = new LinkedHashMap<>();
            ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (SafetensorsHeader.Entry e : checked.header().entries()) {
                tensors.put(e.name(), readTensor(in, checked.dataStart(), e, chunk, file));
            }
            return new Contents(tensors, checked.config(), Map.copyOf(checked.header().metadata()));
        }
    }

    /** Reads and checks a model file's header, config included, without reading any tensor. */
    public static Header readHeader(Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            Checked checked = checkHeader(in, file);
            LinkedHashMap<String, long[]> shapes = new LinkedHashMap<>();
            for (SafetensorsHeader.Entry e : checked.header().entries()) {
                shapes.put(e.name(), e.shape().clone());
            }
            return new Header(checked.config(), Map.copyOf(checked.header().metadata()), shapes);
        }
    }

    /** A header that passed every check, where the data starts, and the parsed config. */
    private record Checked(SafetensorsHeader header, long dataStart, JsonObject config) {
    }

    private static Checked checkHeader(FileChannel in, Path file) throws IOException {
        long size = in.size();
        if (size < 8) {
            throw new ModelFileException(file, "file has " + size + " bytes, fewer than the 8-byte header "
                    + "length that starts a safetensors file");
        }
        ByteBuffer lengthField = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(in, lengthField, 0, file);
        long headerLength = lengthField.getLong(0);
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
            throw new ModelFileException(file, "header length " + Long.toUnsignedString(headerLength)
                    + " is implausible (expected 2.." + MAX_HEADER_BYTES + " bytes); not a safetensors file?");
        }
        if (headerLength > size - 8) {
            throw new ModelFileException(file, "header length " + headerLength + " is larger than the "
                    + (size - 8) + " bytes after the length field (truncated file?)");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        readFully(in, headerBytes, 8, file);
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(headerBytes.flip()).toString();
        } catch (CharacterCodingException e) {
            throw new ModelFileException(file, "header is not valid UTF-8 text");
        }
        long dataStart = 8 + headerLength;
        SafetensorsHeader header = SafetensorsHeader.parse(json, size - dataStart, file);
        return new Checked(header, dataStart, config(header.metadata(), file));
    }

    /**
     * Saves a module's parameters and buffers with its architecture config.
     *
     * @throws IllegalArgumentException naming the tensor, when a weight is not finite: nothing is written
     */
    public static void save(Path file, Module module, JsonObject config) throws IOException {
        save(file, module, config, Access.DEFAULT);
    }

    /** Saves as {@link #save(Path, Module, JsonObject)}, with the file readable as {@code access} says. */
    public static void save(Path file, Module module, JsonObject config, Access access) throws IOException {
        Map<String, INDArray> state = module.stateDict();
        for (var entry : state.entrySet()) {
            FiniteCheck.Entry bad = FiniteCheck.firstNonFinite(entry.getValue());
            if (bad != null) {
                throw new IllegalArgumentException("model not written to " + file + ": tensor '" + entry.getKey()
                        + "' holds " + bad.describe() + "; a model with weights that are not finite predicts nothing "
                        + "(did its training diverge?)");
            }
        }
        write(file, state, config, access);
    }

    /**
     * Reads a model file for use as a model: like {@link #read}, but a floating-point tensor with a value that is not
     * finite is refused, naming the tensor.
     */
    public static Contents readModel(Path file) throws IOException {
        Contents contents = read(file);
        for (var entry : contents.tensors().entrySet()) {
            FiniteCheck.Entry bad = FiniteCheck.firstNonFinite(entry.getValue());
            if (bad != null) {
                throw new ModelFileException(file, "tensor '" + entry.getKey() + "' holds " + bad.describe()
                        + "; a model with weights that are not finite is not loaded");
            }
        }
        return contents;
    }

    /**
     * Loads a model file into {@code module}, which must have exactly the file's tensor names and shapes; returns
     * the stored config. A weight that is not finite is refused, as by {@link #readModel}.
     */
    public static JsonObject loadInto(Path file, Module module) throws IOException {
        Contents contents = readModel(file);
        try {
            module.loadStateDict(contents.tensors());
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, "does not fit this model: " + e.getMessage());
        }
        return contents.config();
    }

    private static JsonObject config(Map<String, String> metadata, Path file) throws ModelFileException {
        String text = metadata.get(CONFIG_KEY);
        if (text == null) {
            return new JsonObject();
        }
        int depth = JsonDepth.of(text);
        if (depth > MAX_CONFIG_DEPTH) {
            throw new ModelFileException(file, "metadata '" + CONFIG_KEY + "' nests JSON " + depth + " levels deep; "
                    + "at most " + MAX_CONFIG_DEPTH + " are read");
        }
        JsonElement parsed;
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            parsed = SafetensorsHeader.ELEMENT.read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new ModelFileException(file, "metadata '" + CONFIG_KEY + "' has more after its JSON value");
            }
        } catch (ModelFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ModelFileException(file, "metadata '" + CONFIG_KEY + "' is not valid JSON: "
                    + SafetensorsHeader.jsonProblem(e));
        }
        if (!parsed.isJsonObject()) {
            throw new ModelFileException(file, "metadata '" + CONFIG_KEY + "' must be a JSON object, found "
                    + parsed);
        }
        return parsed.getAsJsonObject();
    }

    /** A dense C-order array that owns its whole buffer, so its raw memory is exactly its elements in order. */
    private static INDArray contiguous(INDArray a) {
        boolean owns = !a.isView() && a.ordering() == 'c' && a.offset() == 0 && !a.isEmpty()
                && a.data().length() == a.length();
        return owns || a.isEmpty() ? a : a.dup('c');
    }

    /** Copies an array's native memory (native byte order) to little-endian file bytes, a chunk at a time. */
    private static void writeTensor(FileChannel out, INDArray a, ByteBuffer chunk) throws IOException {
        if (a.isEmpty()) {
            return;
        }
        int size = SafetensorsDtype.of(a.dataType()).size;
        long total = a.length() * size;
        ByteBuffer memory = a.data().asNio().order(ByteOrder.nativeOrder());
        for (long done = 0; done < total; ) {
            int n = (int) Math.min(CHUNK, total - done);
            memory.limit((int) (done + n)).position((int) done);
            chunk.clear().limit(n);
            copyElements(memory, chunk, size);
            chunk.position(0).limit(n);
            writeFully(out, chunk);
            done += n;
        }
        Reference.reachabilityFence(a);
    }

    private static INDArray readTensor(FileChannel in, long dataStart, SafetensorsHeader.Entry e, ByteBuffer chunk,
            Path file) throws IOException {
        if (e.byteLength() > Integer.MAX_VALUE - 8) {
            throw new ModelFileException(file, "tensor '" + e.name() + "' has " + e.byteLength()
                    + " bytes; tensors over 2 GiB are not supported");
        }
        if (e.byteLength() == 0) {
            return Nd4j.create(e.dtype().readAs, e.shape());
        }
        INDArray a = Nd4j.createUninitialized(e.dtype().readAs, e.shape(), 'c');
        ByteBuffer memory = a.data().asNio().order(ByteOrder.nativeOrder());
        int elementOut = e.dtype().readAs.width();
        long total = e.byteLength();
        for (long done = 0; done < total; ) {
            int n = (int) Math.min(CHUNK, total - done);
            chunk.clear().limit(n);
            readFully(in, chunk, dataStart + e.begin() + done, file);
            chunk.flip();
            long element = done / e.dtype().size;
            memory.limit(memory.capacity()).position((int) (element * elementOut));
            if (e.dtype().raw()) {
                memory.limit(memory.position() + n);
                copyElements(chunk, memory, e.dtype().size);
            } else {
                widenHalf(chunk.asShortBuffer(), memory.asFloatBuffer(), e.dtype() == SafetensorsDtype.BF16);
            }
            done += n;
        }
        // written through the host view: a GPU backend must refresh its device copy (a no-op on the CPU)
        Nd4j.getAffinityManager().tagLocation(a, AffinityManager.Location.HOST);
        Reference.reachabilityFence(a);
        return a;
    }

    /**
     * Copies whole elements between buffers of possibly different byte order, bit for bit: integer views, so
     * float NaN payloads and signed zeros survive.
     */
    private static void copyElements(ByteBuffer from, ByteBuffer to, int size) {
        switch (size) {
            case 4 -> to.asIntBuffer().put(from.asIntBuffer());
            case 8 -> to.asLongBuffer().put(from.asLongBuffer());
            default -> throw new IllegalStateException("element size " + size);
        }
    }

    private static void widenHalf(ShortBuffer from, FloatBuffer to, boolean bfloat) {
        while (from.hasRemaining()) {
            short h = from.get();
            to.put(bfloat ? Float.intBitsToFloat((h & 0xffff) << 16) : halfToFloat(h));
        }
    }

    /** IEEE 754 binary16 to binary32, exact (Float.float16ToFloat arrives only in Java 20). */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float subnormal = mantissa * 0x1p-24f;
            return sign == 0 ? subnormal : -subnormal;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    private static void writeFully(FileChannel out, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }

    private static void readFully(FileChannel in, ByteBuffer into, long position, Path file) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int n = in.read(into, at);
            if (n < 0) {
                throw new ModelFileException(file, "ended at byte " + at + " while reading; was it truncated "
                        + "while being read?");
            }
            at += n;
        }
    }

    private static void moveAtomically(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot write " + target + " safely: this file system cannot rename atomically",
                    e);
        }
    }

    /** Makes the rename durable where the platform allows syncing a folder (it is a no-op elsewhere). */
    private static void syncFolder(Path folder) {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open folders as channels; the rename itself is still atomic there.
        }
    }
}
