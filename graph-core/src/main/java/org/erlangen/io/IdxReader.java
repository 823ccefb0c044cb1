package org.erlangen.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * MNIST's IDX files: big-endian, a magic number (two zero bytes, the element type 0x08 for unsigned bytes, the
 * number of dimensions), one 32-bit size per dimension, then the elements. Images are {@code idx3} (count, rows,
 * columns), labels {@code idx1} (count). Files may be gzipped (told by their first two bytes, not their name). A file
 * that is not what it says is refused by name and byte offset.
 */
public final class IdxReader {
    private static final int UNSIGNED_BYTE = 0x08;

    /** Grey-level images: {@code count} of {@code rows x columns} bytes, row-major, one after another. */
    public record Images(int count, int rows, int columns, byte[] pixels) {
        public int size() {
            return rows * columns;
        }

        /** Image {@code i}'s grey levels scaled to [0, 1], row-major. */
        public float[] image(int i) {
            float[] out = new float[size()];
            int from = i * size();
            for (int k = 0; k < out.length; k++) {
                out[k] = (pixels[from + k] & 0xff) / 255f;
            }
            return out;
        }
    }

    private IdxReader() {
    }

    public static Images readImages(Path file) throws IOException {
        try (Stream in = open(file)) {
            int[] dims = in.header(3);
            long bytes = (long) dims[0] * dims[1] * dims[2];
            if (bytes > Integer.MAX_VALUE) {
                throw new DatasetFormatException(file.toString(), dims[0] + " images of " + dims[1] + " x " + dims[2]
                        + " bytes are more than one array holds");
            }
            return new Images(dims[0], dims[1], dims[2], in.elements((int) bytes));
        }
    }

    /** One label per item, 0..255. */
    public static byte[] readLabels(Path file) throws IOException {
        try (Stream in = open(file)) {
            int[] dims = in.header(1);
            return in.elements(dims[0]);
        }
    }

    private static Stream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DatasetFormatException(file.toString(), "no such file");
        }
        InputStream raw = new BufferedInputStream(Files.newInputStream(file));
        raw.mark(2);
        boolean gzipped = raw.read() == 0x1f && raw.read() == 0x8b;
        raw.reset();
        return new Stream(file, gzipped ? new BufferedInputStream(new GZIPInputStream(raw)) : raw);
    }

    /** The bytes of one file, counting the offset (in the uncompressed data) for error messages. */
    private static final class Stream implements AutoCloseable {
        private final Path file;
        private final InputStream in;
        private long offset;

        Stream(Path file, InputStream in) {
            this.file = file;
            this.in = in;
        }

        /** The sizes of the {@code dimensions} dimensions, after checking the magic number. */
        int[] header(int dimensions) throws IOException {
            int magic = readInt();
            int expected = (UNSIGNED_BYTE << 8) | dimensions;
            if (magic != expected) {
                throw new DatasetFormatException(file.toString(), String.format(
                        "byte 0: magic number 0x%08x, expected 0x%08x (unsigned bytes in %d dimension%s: %s)", magic,
                        expected, dimensions, dimensions == 1 ? "" : "s", dimensions == 1 ? "labels, idx1"
                                : "images, idx" + dimensions));
            }
            int[] dims = new int[dimensions];
            for (int d = 0; d < dimensions; d++) {
                long at = offset;
                dims[d] = readInt();
                if (dims[d] < 0 || (d > 0 && dims[d] == 0)) {
                    throw new DatasetFormatException(file.toString(), "byte " + at + ": size " + dims[d]
                            + " of dimension " + d);
                }
            }
            return dims;
        }

        byte[] elements(int count) throws IOException {
            long start = offset;
            byte[] out = new byte[count];
            int read = 0;
            while (read < count) {
                int n = in.read(out, read, count - read);
                if (n < 0) {
                    throw new DatasetFormatException(file.toString(), "byte " + (start + read) + ": data ends after "
                            + read + " of " + count + " bytes (truncated file)");
                }
                read += n;
            }
            offset += count;
            if (in.read() >= 0) {
                throw new DatasetFormatException(file.toString(), "byte " + offset + ": more data after the "
                        + count + " bytes the header announces");
            }
            return out;
        }

        private int readInt() throws IOException {
            int value = 0;
            for (int k = 0; k < 4; k++) {
                int b = in.read();
                if (b < 0) {
                    throw new DatasetFormatException(file.toString(), "byte " + offset + ": the header ends early");
                }
                value = (value << 8) | b;
                offset++;
            }
            return value;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
