package org.erlangen.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.erlangen.kernels.Buffers;
import org.erlangen.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class FeatureScalingTest {
    /** Columns: age, income, a 0/1 flag, two one-hot columns, a proportion in [0, 1], a constant 50. */
    private static final float[][] TRAINING = {
        {18, 10_000, 0, 1, 0, 0.25f, 50},
        {40, 60_000, 1, 0, 1, 0.5f, 50},
        {65, 120_000, 1, 0, 1, 0.125f, 50},
        {90, 250_000, 0, 1, 0, 1, 50},
    };

    private static FeatureScaling fitted() {
        var scaling = new FeatureScaling(7, DataType.FLOAT);
        scaling.fit(Nd4j.createFromArray(TRAINING));
        return scaling;
    }

    @Test
    void fittingToRowsOfAMatrixIsFittingToThoseRowsCopiedOut() {
        int n = 3000; // more rows than one slab of the scan
        var random = new SplittableRandom(2);
        float[][] values = new float[n][7];
        for (float[] row : values) {
            for (int c = 0; c < 7; c++) {
                row[c] = c == 3 ? random.nextInt(2) : (float) (random.nextGaussian() * (c + 1) * 10 + c);
            }
        }
        INDArray matrix = Nd4j.createFromArray(values);
        int[] rows = random.ints(2000, 0, n).toArray(); // repeats and any order, as given
        boolean[] spread = {false, false, false, false, false, false, true};
        var copied = new FeatureScaling(7, DataType.FLOAT);
        copied.fit(List.of(Nd4j.pullRows(matrix, 1, rows)), spread);
        var inPlace = new FeatureScaling(7, DataType.FLOAT);
        inPlace.fit(matrix, rows, spread);
        assertArrayEquals(Buffers.floats(copied.mean()), Buffers.floats(inPlace.mean()));
        assertArrayEquals(Buffers.floats(copied.scale()), Buffers.floats(inPlace.scale()));
        assertEquals(0, inPlace.mean().getDouble(3), 0, "the 0/1 column is left as it is");
        // double matrices take the copying path, with the same statistics
        var wide = new FeatureScaling(7, DataType.FLOAT);
        wide.fit(matrix.castTo(DataType.DOUBLE), rows, spread);
        assertArrayEquals(Buffers.floats(copied.mean()), Buffers.floats(wide.mean()), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> inPlace.fit(matrix, new int[] {0, n}, spread));
        matrix.putScalar(rows[5], 2, Float.NaN);
        var e = assertThrows(IllegalArgumentException.class, () -> new FeatureScaling(7, DataType.FLOAT).fit(matrix,
                rows, spread));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void scalingInPlaceOnTheHeapIsTheConstantsScalingBitForBit() {
        var scaling = fitted();
        float[] rows = Buffers.floats(Nd4j.createFromArray(TRAINING).castTo(DataType.FLOAT));
        float[] values = Arrays.copyOf(rows, rows.length + 3); // a longer array, as a pool lends
        values[rows.length] = 123.5f;
        INDArray expected = scaling.apply(Tensor.constant(Nd4j.createFromArray(TRAINING).castTo(DataType.FLOAT)))
                .data();
        scaling.applyInPlace(values, TRAINING.length);
        assertArrayEquals(Buffers.floats(expected), Arrays.copyOf(values, rows.length));
        assertEquals(123.5f, values[rows.length], 0, "values past the rows stay");
        assertThrows(IllegalArgumentException.class, () -> scaling.applyInPlace(values, TRAINING.length + 1));
    }

    @Test
    void continuousColumnsAreStandardisedWithTheTrainingRowsStatistics() {
        INDArray out = fitted().apply(Tensor.constant(Nd4j.createFromArray(TRAINING))).data();
        for (int c : new int[] {0, 1}) {
            INDArray column = out.getColumn(c).castTo(DataType.DOUBLE);
            assertEquals(0, column.meanNumber().doubleValue(), 1e-6, "column " + c);
            assertEquals(1, column.std(false, 0).getDouble(0), 1e-6, "population std of column " + c);
        }
        // age: mean 53.25, population std of {18, 40, 65, 90}
        var scaling = fitted();
        assertEquals(53.25, scaling.mean().getDouble(0), 1e-4);
        assertEquals(Math.sqrt((35.25 * 35.25 + 13.25 * 13.25 + 11.75 * 11.75 + 36.75 * 36.75) / 4),
                scaling.scale().getDouble(0), 1e-4);
    }

    @Test
    void flagsOneHotColumnsAndValuesWithinOneAreLeftBitForBit() {
        var scaling = fitted();
        assertArrayEquals(new boolean[] {true, true, false, false, false, false, true}, scaling.standardised());
        float[][] unseen = {{30, 80_000, 1, 0, 1, 0.3f, 51}, {70, 20_000, 0, 1, 0, 0.9f, 49}};
        INDArray out = scaling.apply(Tensor.constant(Nd4j.createFromArray(unseen))).data();
        for (int row = 0; row < 2; row++) {
            for (int c = 2; c < 6; c++) {
                assertEquals(Float.floatToRawIntBits(unseen[row][c]), Float.floatToRawIntBits(out.getFloat(row, c)));
            }
        }
        // a constant column is centred and keeps scale 1: 51 and 49 become 1 and -1
        assertEquals(1, scaling.scale().getDouble(6));
        assertEquals(1f, out.getFloat(0, 6));
        assertEquals(-1f, out.getFloat(1, 6));
        // unfitted, the module is the identity
        var fresh = new FeatureScaling(7, DataType.FLOAT);
        var x = Nd4j.createFromArray(unseen);
        assertEquals(x, fresh.apply(Tensor.constant(x)).data());
    }

    /** Marked columns are standardised though within [-1, 1]; unmarked ones keep the range rule. */
    @Test
    void markedColumnsAreStandardisedWhateverTheirRange() {
        var scaling = new FeatureScaling(7, DataType.FLOAT);
        scaling.fit(List.of(Nd4j.createFromArray(TRAINING)), new boolean[] {false, false, false, false, false, true,
            false});
        assertArrayEquals(new boolean[] {true, true, false, false, false, true, true}, scaling.standardised());
        INDArray out = scaling.apply(Tensor.constant(Nd4j.createFromArray(TRAINING))).data();
        INDArray fraction = out.getColumn(5).castTo(DataType.DOUBLE);
        assertEquals(0, fraction.meanNumber().doubleValue(), 1e-6);
        assertEquals(1, fraction.std(false, 0).getDouble(0), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> scaling.fit(List.of(Nd4j.createFromArray(TRAINING)),
                new boolean[3]));
    }

    /** Fitted to columns that all stay as they are, the module hands back its input itself. */
    @Test
    void withNothingToStandardiseTheInputPassesThrough() {
        var scaling = new FeatureScaling(2, DataType.FLOAT);
        scaling.fit(Nd4j.createFromArray(new float[][] {{0, 0.5f}, {1, -0.25f}}));
        Tensor x = Tensor.constant(Nd4j.createFromArray(new float[][] {{1, 0.75f}}));
        assertSame(x, scaling.apply(x));
    }

    /** Constant rows (a batch's features) are scaled in one pass, to the values the broadcast operations give. */
    @Test
    void constantRowsGetTheValuesOfTheBroadcastPath() {
        FeatureScaling scaling = fitted();
        INDArray x = Nd4j.rand(DataType.FLOAT, 5000, 7).muli(9).subi(3);
        INDArray viaConstant = scaling.apply(Tensor.constant(x)).data();
        INDArray viaParameter = scaling.apply(Tensor.parameter(x.dup())).data();
        assertArrayEquals(Buffers.floats(viaParameter), Buffers.floats(viaConstant)); // bit for bit
        INDArray view = x.get(NDArrayIndex.interval(10, 30), NDArrayIndex.all());
        assertArrayEquals(Buffers.floats(scaling.apply(Tensor.parameter(view.dup())).data()),
                Buffers.floats(scaling.apply(Tensor.constant(view)).data()));
    }

    @Test
    void theStatisticsAreBuffersThatTravelWithTheModel() {
        var scaling = fitted();
        Map<String, INDArray> state = scaling.stateDict();
        assertEquals(List.of("mean", "scale"), List.copyOf(state.keySet()));
        assertTrue(scaling.parameters().isEmpty(), "nothing to train");
        var copy = new FeatureScaling(7, DataType.FLOAT);
        copy.loadStateDict(state);
        var x = Tensor.constant(Nd4j.createFromArray(TRAINING));
        assertEquals(scaling.apply(x).data(), copy.apply(x).data());
    }

    @Test
    void blocksAreFittedAsOneTableAndBadRowsAreRefused() {
        var whole = fitted();
        var blocks = new FeatureScaling(7, DataType.FLOAT);
        blocks.fit(List.of(Nd4j.createFromArray(new float[][] {TRAINING[0]}),
                Nd4j.createFromArray(new float[][] {TRAINING[1], TRAINING[2], TRAINING[3]})));
        assertEquals(whole.mean(), blocks.mean());
        assertEquals(whole.scale(), blocks.scale());

        float[][] bad = {TRAINING[0].clone(), TRAINING[1].clone()};
        bad[1][1] = Float.NaN;
        var e = assertThrows(IllegalArgumentException.class,
                () -> new FeatureScaling(7, DataType.FLOAT).fit(Nd4j.createFromArray(bad)));
        assertTrue(e.getMessage().contains("NaN at row 1, column 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new FeatureScaling(3, DataType.FLOAT).fit(Nd4j.createFromArray(TRAINING)));
        assertThrows(IllegalArgumentException.class,
                () -> new FeatureScaling(7, DataType.FLOAT).fit(List.of()));
    }
}
