package org.erlangen.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A folder of labelled images in MNIST's IDX files: either MNIST's own {@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte} (gzipped with
 * {@code .gz} or not), whose split is kept, or one {@code *-images-idx3-ubyte} / {@code *-labels-idx1-ubyte} pair,
 * which the caller splits.
 */
public final class ImageFolder {
    /** Images with one label each. */
    public record Labelled(IdxReader.Images images, byte[] labels) {
        public int count() {
            return images.count();
        }
    }

    /** The folder's images: {@code test} is null when the folder holds one pair, with no split of its own. */
    public record Contents(Labelled train, Labelled test) {
        public boolean split() {
            return test != null;
        }
    }

    private static final String IMAGES = "-images-idx3-ubyte";
    private static final String LABELS = "-labels-idx1-ubyte";

    private ImageFolder() {
    }

    public static Contents read(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new DatasetFormatException(folder.toString(), "not a folder of IDX images and labels");
        }
        Path trainImages = find(folder, "train" + IMAGES);
        Path testImages = find(folder, "t10k" + IMAGES);
        if (trainImages != null && testImages != null) {
            return new Contents(pair(trainImages, required(folder, "train" + LABELS)),
                    pair(testImages, required(folder, "t10k" + LABELS)));
        }
        List<Path> images = matching(folder, IMAGES);
        List<Path> labels = matching(folder, LABELS);
        if (images.size() != 1 || labels.size() != 1) {
            throw new DatasetFormatException(folder.toString(), "expected MNIST's train-* and t10k-* files, or one "
                    + "*" + IMAGES + " and one *" + LABELS + " file (optionally .gz); found " + images.size()
                    + " image and " + labels.size() + " label files");
        }
        return new Contents(pair(images.get(0), labels.get(0)), null);
    }

    /** Images and their labels, which must be as many. */
    public static Labelled pair(Path imagesFile, Path labelsFile) throws IOException {
        IdxReader.Images images = IdxReader.readImages(imagesFile);
        byte[] labels = IdxReader.readLabels(labelsFile);
        if (labels.length != images.count()) {
            throw new DatasetFormatException(labelsFile.toString(), labels.length + " labels for the "
                    + images.count() + " images of " + imagesFile.getFileName());
        }
        return new Labelled(images, labels);
    }

    private static Path find(Path folder, String name) {
        for (String candidate : List.of(name, name + ".gz")) {
            Path p = folder.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static Path required(Path folder, String name) throws DatasetFormatException {
        Path p = find(folder, name);
        if (p == null) {
            throw new DatasetFormatException(folder.resolve(name).toString(), "missing (or " + name + ".gz)");
        }
        return p;
    }

    private static List<Path> matching(Path folder, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> {
                String name = p.getFileName().toString();
                return Files.isRegularFile(p) && (name.endsWith(suffix) || name.endsWith(suffix + ".gz"));
            }).sorted().toList();
        }
    }
}
