package org.erlangen.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MNIST's IDX format: the shared digits, gzipped and plain files, both folder layouts, and damaged files. */
class IdxReaderTest {
    @TempDir
    Path dir;

    private static byte[] idx(int dimensions, int[] sizes, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x0800 | dimensions);
        for (int s : sizes) {
            out.writeInt(s);
        }
        out.write(data);
        return bytes.toByteArray();
    }

    private Path write(String name, byte[] content, boolean gzip) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
            out.write(content);
        }
        return p;
    }

    private static byte[] images(int count) {
        byte[] pixels = new byte[count * 6];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 37);
        }
        return pixels;
    }

    @Test
    void readsTheSharedDigits() throws IOException {
        var folder = ImageFolder.read(TestFiles.shared("mnist-digits"));
        assertFalse(folder.split(), "one pair, split by the caller");
        assertEquals(10_000, folder.train().count());
        assertEquals(28, folder.train().images().rows());
        assertEquals(28, folder.train().images().columns());
        int[] perDigit = new int[10];
        for (byte label : folder.train().labels()) {
            perDigit[label]++;
        }
        // the counts SOURCE.md gives
        assertEquals(Arrays.toString(new int[] {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978}),
                Arrays.toString(perDigit));
        float[] first = folder.train().images().image(0);
        assertEquals(0f, first[0], "the corner is background");
        double ink = 0;
        for (float v : first) {
            assertTrue(v >= 0 && v <= 1);
            ink += v;
        }
        assertTrue(ink > 10, "a digit has ink: " + ink);
    }

    @Test
    void gzippedOrNotTheSameAndMnistsOwnSplitIsKept() throws IOException {
        write("train-images-idx3-ubyte.gz", idx(3, new int[] {4, 2, 3}, images(4)), true);
        write("train-labels-idx1-ubyte", idx(1, new int[] {4}, new byte[] {1, 2, 3, 4}), false);
        write("t10k-images-idx3-ubyte", idx(3, new int[] {2, 2, 3}, images(2)), false);
        write("t10k-labels-idx1-ubyte.gz", idx(1, new int[] {2}, new byte[] {7, 8}), true);
        var folder = ImageFolder.read(dir);
        assertTrue(folder.split());
        assertEquals(4, folder.train().count());
        assertEquals(2, folder.test().count());
        assertEquals(7, folder.test().labels()[0]);
        assertTrue(Arrays.equals(images(2), folder.test().images().pixels()));
        assertTrue(Arrays.equals(images(4), folder.train().images().pixels()));
        write("other-images-idx3-ubyte", idx(3, new int[] {1, 2, 3}, images(1)), false);
        write("other-labels-idx1-ubyte", idx(1, new int[] {1}, new byte[1]), false);
        assertTrue(ImageFolder.read(dir).split(), "MNIST's own files win over another pair");
    }

    @Test
    void damagedFilesAreRefusedByNameAndByteOffset() throws IOException {
        Path wrongMagic = write("a-images-idx3-ubyte", idx(1, new int[] {4}, new byte[4]), false);
        var magic = assertThrows(DatasetFormatException.class, () -> IdxReader.readImages(wrongMagic));
        assertTrue(magic.getMessage().contains("a-images-idx3-ubyte: byte 0: magic number 0x00000801, expected "
                + "0x00000803"), magic.getMessage());

        byte[] whole = idx(3, new int[] {4, 2, 3}, images(4));
        Path truncated = write("b-images-idx3-ubyte.gz", Arrays.copyOf(whole, whole.length - 5), true);
        var cut = assertThrows(DatasetFormatException.class, () -> IdxReader.readImages(truncated));
        assertTrue(cut.getMessage().contains("byte 35: data ends after 19 of 24 bytes (truncated file)"),
                cut.getMessage());

        Path shortHeader = write("c-labels-idx1-ubyte", new byte[] {0, 0, 8, 1, 0}, false);
        var header = assertThrows(DatasetFormatException.class, () -> IdxReader.readLabels(shortHeader));
        assertTrue(header.getMessage().contains("byte 5: the header ends early"), header.getMessage());

        Files.delete(wrongMagic);
        Files.delete(truncated);
        Files.delete(shortHeader);
        write("d-images-idx3-ubyte", whole, false);
        write("d-labels-idx1-ubyte", idx(1, new int[] {3}, new byte[3]), false);
        var count = assertThrows(DatasetFormatException.class, () -> ImageFolder.read(dir));
        assertTrue(count.getMessage().contains("d-labels-idx1-ubyte: 3 labels for the 4 images of "
                + "d-images-idx3-ubyte"), count.getMessage());
        write("e-labels-idx1-ubyte", idx(1, new int[] {3}, new byte[3]), false);
        var layout = assertThrows(DatasetFormatException.class, () -> ImageFolder.read(dir));
        assertTrue(layout.getMessage().contains("found 1 image and 2 label files"), layout.getMessage());
    }
}
