package org.erlangen.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingWarningTest {
    private static final int[] TRAINING = {0, 0, 0, 1, 1}; // majority class 0

    @Test
    void oneClassForEveryItemIsAConstant() {
        var warnings = TrainingWarning.forClassifier(new int[] {1, 1, 1, 1}, new int[] {0, 1, 0, 1}, TRAINING,
                "validation nodes", c -> c == 1 ? "'yes'" : "'no'");
        assertEquals(1, warnings.size());
        assertEquals(TrainingWarning.CONSTANT, warnings.get(0).code());
        assertEquals("the model predicts class 'yes' for all 4 validation nodes (accuracy 0.5000): it learnt a "
                + "constant; the features may not tell the classes apart, or training failed (feature scales, "
                + "learning rate)", warnings.get(0).message());
    }

    @Test
    void noBetterThanTheTrainingMajorityIsSaid() {
        // 3 of 5 validation items are class 0: always answering 0 scores 0.6; the model scores 0.6 too
        var warnings = TrainingWarning.forClassifier(new int[] {0, 0, 1, 1, 0}, new int[] {0, 0, 0, 1, 1},
                TRAINING, "validation graphs");
        assertEquals(List.of(TrainingWarning.MAJORITY), warnings.stream().map(TrainingWarning::code).toList());
        assertTrue(warnings.get(0).message().contains("accuracy 0.6000 on the 5 validation graphs is no better than "
                + "always answering the training items' most common class 0 (0.6000)"), warnings.get(0).message());
        // one more right answer beats the majority
        assertEquals(List.of(), TrainingWarning.forClassifier(new int[] {0, 0, 0, 1, 0}, new int[] {0, 0, 0, 1, 1},
                TRAINING, "validation graphs"));
    }

    @Test
    void nothingIsSaidWhenAConstantIsNoSignOfFailure() {
        // every checked item is of one class, or every prediction is right
        assertEquals(List.of(), TrainingWarning.forClassifier(new int[] {1, 1}, new int[] {1, 1}, TRAINING, "x"));
        assertEquals(List.of(), TrainingWarning.forClassifier(new int[] {0, 1}, new int[] {0, 1}, TRAINING, "x"));
        assertEquals(List.of(), TrainingWarning.forClassifier(new int[0], new int[0], TRAINING, "x"));
        assertThrows(IllegalArgumentException.class,
                () -> TrainingWarning.forClassifier(new int[] {0}, new int[] {0, 1}, TRAINING, "x"));
        assertThrows(IllegalArgumentException.class, () -> new TrainingWarning("two words", "m"));
    }
}
