package org.erlangen.io;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON header of a safetensors file, checked completely before any tensor is read: every entry well formed,
 * byte lengths matching shapes, and the tensors tiling the data section exactly (no overlap, gap or trailing bytes).
 * A hostile header is refused before it costs much: at most {@value #MAX_TENSORS} tensors of rank at most
 * {@value #MAX_RANK}, and no JSON nested deeper than a header needs ({@value #MAX_DEPTH} levels).
 */
final class SafetensorsHeader {
    static final String METADATA = "__metadata__";
    static final TypeAdapter<JsonElement> ELEMENT = new Gson().getAdapter(JsonElement.class);
    /** Far more than any model here has (a 32-layer model has a few hundred); 1.47 million cost 30 s a read. */
    static final int MAX_TENSORS = 16_384;
    /** PyTorch's own limit is 64; models here use rank 1 to 3. */
    static final int MAX_RANK = 8;
    /** The header object, a tensor's object, its shape array: three levels; one more for slack. */
    static final int MAX_DEPTH = 4;

    /** One tensor's entry; offsets are relative to the start of the data section. */
    record Entry(String name, SafetensorsDtype dtype, long[] shape, long begin, long end) {
        long byteLength() {
            return end - begin;
        }
    }

    private final List<Entry> entries;
    private final Map<String, String> metadata;

    private SafetensorsHeader(List<Entry> entries, Map<String, String> metadata) {
        this.entries = entries;
        this.metadata = metadata;
    }

    /** Entries in header order. */
    List<Entry> entries() {
        return entries;
    }

    Map<String, String> metadata() {
        return metadata;
    }

    /** Parses and checks a header for a data section of {@code dataLength} bytes. */
    static SafetensorsHeader parse(String json, long dataLength, Path file) throws ModelFileException {
        Map<String, JsonElement> top = parseObject(json, file);
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (var item : top.entrySet()) {
            if (item.getKey().equals(METADATA)) {
                metadata = metadata(item.getValue(), file);
            } else {
                entries.add(entry(item.getKey(), item.getValue(), file));
            }
        }
        checkLayout(entries, dataLength, file);
        return new SafetensorsHeader(entries, metadata);
    }

    /** The top-level object, refusing duplicate names (a plain JSON parser would keep only the last). */
    private static Map<String, JsonElement> parseObject(String json, Path file) throws ModelFileException {
        int depth = JsonDepth.of(json);
        if (depth > MAX_DEPTH) {
            throw new ModelFileException(file, "header nests JSON " + depth + " levels deep; a safetensors header "
                    + "needs 3 (at most " + MAX_DEPTH + " are read)");
        }
        Map<String, JsonElement> top = new LinkedHashMap<>();
        String duplicate = null;
        try {
            JsonReader reader = new JsonReader(new StringReader(json));
            reader.setStrictness(Strictness.STRICT);
            if (reader.peek() != JsonToken.BEGIN_OBJECT) {
                throw new ModelFileException(file, "header is not a JSON object (found " + reader.peek() + ")");
            }
            reader.beginObject();
            while (reader.hasNext() && duplicate == null) {
                String name = reader.nextName();
                if (top.put(name, ELEMENT.read(reader)) != null) {
                    duplicate = name;
                }
                if (top.size() > MAX_TENSORS + 1) {
                    throw new ModelFileException(file, "header lists more than " + MAX_TENSORS + " tensors, more "
                            + "than any model file holds");
                }
            }
            if (duplicate == null) {
                reader.endObject();
                if (reader.peek() != JsonToken.END_DOCUMENT) {
                    throw new ModelFileException(file, "header has more after its JSON object");
                }
            }
        } catch (ModelFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ModelFileException(file, "header is not valid JSON: " + jsonProblem(e));
        }
        if (duplicate != null) {
            throw new ModelFileException(file, "tensor name '" + duplicate + "' appears twice in the header");
        }
        return top;
    }

    private static Map<String, String> metadata(JsonElement value, Path file) throws ModelFileException {
        if (!value.isJsonObject()) {
            throw new ModelFileException(file, METADATA + " must be an object of strings, found " + brief(value));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (var item : value.getAsJsonObject().entrySet()) {
            JsonElement v = item.getValue();
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                throw new ModelFileException(file, METADATA + " value of '" + item.getKey()
                        + "' must be a string (safetensors metadata maps strings to strings), found " + brief(v));
            }
            metadata.put(item.getKey(), v.getAsString());
        }
        return metadata;
    }

    private static Entry entry(String name, JsonElement value, Path file) throws ModelFileException {
        String where = "tensor '" + name + "': ";
        if (!value.isJsonObject()) {
            throw new ModelFileException(file, where + "expected an object with dtype, shape and data_offsets, found "
                    + brief(value));
        }
        JsonObject info = value.getAsJsonObject();
        JsonElement dtypeValue = info.get("dtype");
        if (dtypeValue == null || !dtypeValue.isJsonPrimitive() || !dtypeValue.getAsJsonPrimitive().isString()) {
            throw new ModelFileException(file, where + "dtype must be a string such as \"F32\", found "
                    + brief(dtypeValue));
        }
        SafetensorsDtype dtype;
        try {
            dtype = SafetensorsDtype.parse(dtypeValue.getAsString());
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, where + e.getMessage());
        }
        long[] shape = integers(info.get("shape"), -1, where + "shape", file);
        if (shape.length > MAX_RANK) {
            throw new ModelFileException(file, where + "shape has rank " + shape.length + "; at most " + MAX_RANK
                    + " dimensions are read");
        }
        for (long d : shape) {
            if (d > Integer.MAX_VALUE) {
                throw new ModelFileException(file, where + "shape " + Arrays.toString(shape) + " has a dimension "
                        + "over " + Integer.MAX_VALUE);
            }
        }
        long[] offsets = integers(info.get("data_offsets"), 2, where + "data_offsets", file);
        if (offsets[0] > offsets[1]) {
            throw new ModelFileException(file, where + "data_offsets " + Arrays.toString(offsets)
                    + " are reversed (begin after end)");
        }
        long count = 1;
        try {
            for (long d : shape) {
                count = Math.multiplyExact(count, d);
            }
            long expected = Math.multiplyExact(count, dtype.size);
            if (offsets[1] - offsets[0] != expected) {
                throw new ModelFileException(file, where + "data_offsets " + Arrays.toString(offsets) + " span "
                        + (offsets[1] - offsets[0]) + " bytes, but shape " + Arrays.toString(shape) + " of " + dtype
                        + " needs " + count + " x " + dtype.size + " = " + expected + " bytes");
            }
        } catch (ArithmeticException e) {
            throw new ModelFileException(file, where + "shape " + Arrays.toString(shape) + " is too large");
        }
        return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    /** A JSON array of non-negative integers, of length {@code length} unless that is -1. */
    private static long[] integers(JsonElement value, int length, String what, Path file) throws ModelFileException {
        String expected = length < 0 ? "an array of non-negative integers" : "an array of " + length
                + " non-negative integers";
        if (value == null || !value.isJsonArray()) {
            throw new ModelFileException(file, what + " must be " + expected + ", found " + brief(value));
        }
        JsonArray array = value.getAsJsonArray();
        if (length >= 0 && array.size() != length) {
            throw new ModelFileException(file, what + " must be " + expected + ", found " + array);
        }
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement e = array.get(i);
            BigDecimal number = null;
            if (e.isJsonPrimitive() && ((JsonPrimitive) e).isNumber()) {
                number = new BigDecimal(e.getAsString());
            }
            if (number == null || number.signum() < 0 || number.stripTrailingZeros().scale() > 0
                    || number.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                throw new ModelFileException(file, what + " must be " + expected + ", found " + array);
            }
            out[i] = number.longValueExact();
        }
        return out;
    }

    /** Tensors must tile the data section: sorted by offset, each begins where the previous ends. */
    private static void checkLayout(List<Entry> entries, long dataLength, Path file) throws ModelFileException {
        for (Entry e : entries) {
            if (e.end > dataLength) {
                throw new ModelFileException(file, "tensor '" + e.name + "': data_offsets [" + e.begin + ", " + e.end
                        + "] reach past the end of the data section, which has " + dataLength
                        + " bytes (truncated file?)");
            }
        }
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin < covered) {
                throw new ModelFileException(file, "tensors '" + previous.name + "' [" + previous.begin + ", "
                        + previous.end + "] and '" + e.name + "' [" + e.begin + ", " + e.end + "] overlap");
            }
            if (e.begin > covered) {
                throw new ModelFileException(file, (e.begin - covered) + " unused bytes before tensor '" + e.name
                        + "' [" + e.begin + ", " + e.end + "]; tensors must cover the data section exactly");
            }
            covered = e.end;
            previous = e;
        }
        if (covered < dataLength) {
            throw new ModelFileException(file, (dataLength - covered) + " trailing bytes after the last tensor; "
                    + "tensors must cover the data section exactly");
        }
    }

    /** Gson's message without its troubleshooting link and its advice to parse leniently. */
    static String jsonProblem(Exception e) {
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        return message.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON",
                "malformed JSON");
    }

    /** A short rendering of a JSON value for messages. */
    private static String brief(JsonElement value) {
        if (value == null) {
            return "nothing";
        }
        String s = value.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
