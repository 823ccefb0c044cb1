package org.erlangen.gauge.sphere;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.erlangen.train.TrainingSettings;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The spherical classifier tells a disc from a ring wherever on the sphere they are turned. */
class SphereClassifierTest {
    private static final int SIZE = 16;
    private static final int BANDWIDTH = 6;

    /** A disc (class 0) or a ring (class 1) about the image centre. */
    private static float[] shape(int label) {
        var image = new float[SIZE * SIZE];
        for (int r = 0; r < SIZE; r++) {
            for (int c = 0; c < SIZE; c++) {
                double d = Math.hypot(r - (SIZE - 1) / 2.0, c - (SIZE - 1) / 2.0);
                boolean on = label == 0 ? d < 3 : d > 5 && d < 7;
                image[r * SIZE + c] = on ? 1 : 0;
            }
        }
        return image;
    }

    private static INDArray rotated(int[] labels, SplittableRandom random) {
        var projection = new SphereProjection(BANDWIDTH, SIZE);
        List<float[]> signals = new ArrayList<>();
        for (int label : labels) {
            signals.add(projection.project(shape(label), UniformRotations.draw(random)));
        }
        return SphereClassifier.tensor(signals, DataType.FLOAT);
    }

    @Test
    void learnsRotatedDiscsFromRings() {
        var random = new SplittableRandom(7);
        int[] labels = new int[48];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 2;
        }
        var classifier = new SphereClassifier(BANDWIDTH, 4, 16, TrainingSettings.builder().epochs(15)
                .learningRate(0.01).build(), 3);
        classifier.fit(rotated(labels, random), labels, 2, null, null, null);
        int[] test = {0, 1, 1, 0, 1, 0, 0, 1};
        double accuracy = classifier.accuracy(rotated(test, random), test);
        assertTrue(accuracy == 1.0, "accuracy " + accuracy);
        assertArrayEquals(test, classifier.predict(rotated(test, random)));
    }

    @Test
    void refusesSignalsAndLabelsOfDifferentCounts() {
        var classifier = new SphereClassifier(BANDWIDTH, 2, 4, TrainingSettings.builder().epochs(1).build(), 0);
        var e = assertThrows(IllegalArgumentException.class, () -> classifier.fit(Nd4j.zeros(DataType.FLOAT, 3, 1,
                144), new int[2], 2, null, null, null));
        assertTrue(e.getMessage().contains("[3, 1, 144]"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> classifier.predict(Nd4j.zeros(DataType.FLOAT, 1, 1, 144)));
    }
}
