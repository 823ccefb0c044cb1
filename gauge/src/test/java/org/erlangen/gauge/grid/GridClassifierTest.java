package org.erlangen.gauge.grid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.erlangen.train.TrainingSettings;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Rotating images, and training the grid networks through the one training loop on a small task. */
class GridClassifierTest {
    @Test
    void aQuarterTurnIsNumpysRot90AndOtherAnglesInterpolate() {
        float[] image = new float[16];
        for (int i = 0; i < 16; i++) {
            image[i] = i;
        }
        float[] turned = ImageRotation.rotate(image, 4, Math.PI / 2);
        // numpy.rot90(arange(16).reshape(4, 4))
        assertArrayEquals(new float[] {3, 7, 11, 15, 2, 6, 10, 14, 1, 5, 9, 13, 0, 4, 8, 12}, turned);
        float[] back = ImageRotation.rotate(ImageRotation.rotate(image, 4, 0.3), 4, -0.3);
        assertEquals(image[5], back[5], 0.6, "an inner pixel survives a turn there and back, blurred");
        float[] blank = ImageRotation.rotate(new float[] {0, 0, 0, 0, 1, 0, 0, 0, 0}, 3, 1.0);
        assertEquals(1, blank[4], 1e-6, "the centre stays");
    }

    /** Bars of two orientations, anywhere in a 28x28 image: vertical (class 0) or horizontal (class 1). */
    private record Bars(INDArray images, int[] labels) {
        static Bars of(int count, long seed) {
            Random random = new Random(seed);
            int[] labels = new int[count];
            List<float[]> images = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                float[] image = new float[28 * 28];
                int at = 6 + random.nextInt(16);
                int from = 4 + random.nextInt(6);
                labels[i] = i % 2;
                for (int k = from; k < from + 14; k++) {
                    image[labels[i] == 0 ? k * 28 + at : at * 28 + k] = 1;
                }
                images.add(image);
            }
            return new Bars(GridClassifier.tensor(images, 28, DataType.FLOAT), labels);
        }
    }

    @Test
    void bothNetworksLearnASmallTaskThroughTheTrainer() {
        Bars train = Bars.of(64, 1);
        Bars test = Bars.of(32, 2);
        for (GridCnnConfig config : new GridCnnConfig[] {new GridCnnConfig("Z2", 1, 2, 6, 7, 4, 0.0, 28),
            new GridCnnConfig("C4", 1, 2, 3, 7, 4, 0.0, 28)}) {
            var classifier = new GridClassifier(config, 16, TrainingSettings.builder().epochs(8).learningRate(0.01)
                    .build(), 3);
            var result = classifier.fit(train.images(), train.labels(), test.images(), test.labels(), null);
            assertEquals(8, result.epochsRun());
            double accuracy = classifier.accuracy(test.images(), test.labels());
            if (config.equivariant()) {
                // a quarter turn maps one class onto the other, so the invariant network cannot tell them apart
                assertTrue(accuracy <= 0.75, config.group() + " accuracy " + accuracy);
            } else {
                assertTrue(accuracy >= 0.9, config.group() + " accuracy " + accuracy);
            }
        }
    }

    @Test
    void randomRotationTurnsEachImageByItsOwnAngleAndAllItsChannelsAlike() {
        // two images of two channels: the same bar twice, the second channel twice the first
        float[] images = new float[2 * 2 * 9 * 9];
        for (int b = 0; b < 2; b++) {
            for (int k = 1; k < 8; k++) {
                images[(b * 2) * 81 + k * 9 + 4] = 1;
                images[(b * 2 + 1) * 81 + k * 9 + 4] = 2;
            }
        }
        float[] again = images.clone();
        new RandomRotation(7).apply(images, 2, 2, 9);
        new RandomRotation(7).apply(again, 2, 2, 9);
        assertArrayEquals(images, again, "the angles follow from the seed");
        float[] firstImage = Arrays.copyOfRange(images, 0, 81);
        float[] secondImage = Arrays.copyOfRange(images, 2 * 81, 3 * 81);
        assertTrue(!Arrays.equals(firstImage, secondImage), "each image draws its own angle");
        for (int b = 0; b < 2; b++) {
            for (int p = 0; p < 81; p++) {
                assertEquals(2 * images[(b * 2) * 81 + p], images[(b * 2 + 1) * 81 + p], 1e-6,
                        "channels of one image turn together");
            }
        }
        assertEquals(1, images[4 * 9 + 4], 1e-5, "the centre stays");
        assertEquals(1, images[2 * 81 + 4 * 9 + 4], 1e-5, "the centre stays");
        assertThrows(IllegalArgumentException.class, () -> new RandomRotation(7).apply(new float[80], 1, 1, 9));
    }

    @Test
    void turningTrainingImagesTakesAwayWhatOrientationTold() {
        Bars train = Bars.of(64, 1);
        Bars test = Bars.of(32, 2);
        GridCnnConfig config = new GridCnnConfig("Z2", 1, 2, 6, 7, 4, 0.0, 28);
        TrainingSettings settings = TrainingSettings.builder().epochs(8).learningRate(0.01).build();
        double[] accuracies = new double[2];
        for (int run = 0; run < 2; run++) {
            var classifier = new GridClassifier(config, 16, settings, 3).turningTrainingImages();
            classifier.fit(train.images(), train.labels(), null, null, null);
            accuracies[run] = classifier.accuracy(test.images(), test.labels());
        }
        // the plain network tells the bars apart (the test above); turned at random, a bar's class is a coin toss
        assertTrue(accuracies[0] <= 0.75, "accuracy " + accuracies[0]);
        assertEquals(accuracies[0], accuracies[1], "the same seed, the same turns");
    }
}
