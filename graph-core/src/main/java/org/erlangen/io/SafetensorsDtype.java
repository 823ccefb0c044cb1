package org.erlangen.io;

import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;

/** The safetensors element types this library reads; half precision is widened to FLOAT on reading. */
enum SafetensorsDtype {
    F32(4, DataType.FLOAT),
    F64(8, DataType.DOUBLE),
    I32(4, DataType.INT),
    I64(8, DataType.LONG),
    F16(2, DataType.FLOAT),
    BF16(2, DataType.FLOAT);

    /** Valid safetensors dtypes that have no reader here, so the message can say "unsupported", not "unknown". */
    private static final Set<String> OTHER_KNOWN = Set.of("BOOL", "U8", "I8", "U16", "I16", "U32", "U64",
            "F8_E4M3", "F8_E5M2");

    final int size;
    final DataType readAs;

    SafetensorsDtype(int size, DataType readAs) {
        this.size = size;
        this.readAs = readAs;
    }

    /** Whether the bytes are copied as they are (rather than widened). */
    boolean raw() {
        return this != F16 && this != BF16;
    }

    /** The dtype of a name in a header; a message for an unknown or unsupported one. */
    static SafetensorsDtype parse(String name) throws IllegalArgumentException {
        for (SafetensorsDtype d : values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException((OTHER_KNOWN.contains(name) ? "unsupported dtype '" : "unknown dtype '")
                + name + "' (readable: F32, F64, I32, I64, F16, BF16)");
    }

    /** The dtype that stores an ND4J array as it is. */
    static SafetensorsDtype of(DataType type) {
        return switch (type) {
            case FLOAT -> F32;
            case DOUBLE -> F64;
            case INT -> I32;
            case LONG -> I64;
            default -> throw new IllegalArgumentException("data type " + type
                    + " cannot be stored; model files hold FLOAT, DOUBLE, INT or LONG: cast first");
        };
    }
}
