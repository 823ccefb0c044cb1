package org.erlangen.tensor;

import org.erlangen.kernels.Buffers;
import org.erlangen.kernels.Concurrency;
import org.erlangen.kernels.Parallel;
import org.erlangen.kernels.Termination;
import org.erlangen.tensor.Blas.Operand;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A stride-1 convolution as one matrix product per kernel tap, with no patch matrix. Stored one column per pixel
 * (a row per channel, the batch's images side by side, zero-padded), the input column that output pixel {@code r}
 * reads through tap {@code (a, e)} is column {@code r + (a * width + e) * dilation}: the same shift for every pixel of
 * the batch. So each tap is one product of that tap's [out, channels] block of the filter by all the batch's columns,
 * shifted, summed into the output. Columns past an image's last valid column or row are computed too and dropped (a
 * sixth more for 3x3 on 26x26).
 *
 * <p>im2col writes kh * kw copies of the input and reads them back in both passes: for P4CNN's 40-channel layers
 * that traffic took twice as long as the products themselves. Here the input is read once per tap from cache-sized
 * blocks of columns; the backward pass is the same products with the filter transposed and the shift reversed, and
 * the filter's gradient sums products of rows that are both contiguous. Moving a grid signal [B, C, H, W] to and from
 * this layout copies whole image rows.
 */
final class ShiftedConvolution {
    /** Columns of output per block: the block's output and the input columns its taps read stay in the L2 cache. */
    private static final int BLOCK = 2048;

    private ShiftedConvolution() {
    }

    /**
     * Whether this path runs {@code x} under {@code spec}: stride 1, one group, float or double, CPU BLAS, and columns
     * that one Java buffer can address.
     */
    static boolean applies(Tensor x, Tensor weight, Convolutions.Spec spec) {
        DataType t = x.dtype();
        long padded = (x.size(2) + 2L * spec.padding()) * (x.size(3) + 2L * spec.padding());
        long columns = Math.max(x.size(1), weight.size(0)) * (x.size(0) + 1) * padded;
        return spec.stride() == 1 && spec.groups() == 1 && Blas.onCpu() && (t == DataType.FLOAT
                || t == DataType.DOUBLE) && weight.dtype() == t && columns < Integer.MAX_VALUE;
    }

    /**
     * {@code x} [B, C, H, W] convolved with {@code weight} [O, C, kh, kw], plus {@code bias} [O] when not null. The
     * bias rides in the products: the columns get a row of ones, and the first tap (shift 0) the bias as its last
     * filter column (the other taps a column of zeros), so its gradient is that column's; adding it to the output and
     * summing the output's gradient took 7.6 ms of a P4CNN step as two passes of their own.
     */
    static Tensor apply(Tensor x, Tensor weight, Tensor bias, Convolutions.Spec spec) {
        Termination.check();
        Layout at = new Layout(x, weight, spec);
        DataType type = x.dtype();
        boolean ones = bias != null;
        int depth = at.c + (ones ? 1 : 0);
        // a spare image of zeros at the end: the taps of the last columns read past the batch
        INDArray pixels = at.toColumns(x.data(), at.c, at.h, at.w, 0, at.pad, ones);
        INDArray permuted = weight.data().permute(2, 3, 0, 1).dup('c').reshape('c', (long) at.kh * at.kw * at.o, at.c);
        INDArray taps = permuted;
        if (ones) {
            taps = Nd4j.zeros(type, (long) at.kh * at.kw * at.o, depth);
            taps.get(NDArrayIndex.all(), NDArrayIndex.interval(0, at.c)).assign(permuted);
            taps.get(NDArrayIndex.interval(0, at.o), NDArrayIndex.point(at.c)).assign(bias.data().reshape(at.o));
        }
        INDArray out = Nd4j.createUninitialized(type, at.o, at.columns);
        Operand input = Operand.of(pixels, false);
        Operand filter = Operand.of(taps, false);
        Operand result = Operand.of(out, false);
        blocks(at.columns, (from, to) -> {
            for (int t = 0; t < at.offsets.length; t++) {
                long shift = at.offsets[t];
                Blas.product(filter.rows((long) t * at.o, (long) (t + 1) * at.o), input.cols(from + shift, to + shift),
                        result.cols(from, to), type, t > 0);
            }
        });
        INDArray y = at.fromColumns(out, at.o, at.ho, at.wo, 0, 0);
        Tensor[] inputs = bias == null ? new Tensor[] {x, weight} : new Tensor[] {x, weight, bias};
        INDArray filterTaps = taps;
        return Tensor.result(y, g -> backward(g, x, weight, bias, at, pixels, filterTaps), inputs);
    }

    private static void backward(INDArray g, Tensor x, Tensor weight, Tensor bias, Layout at, INDArray pixels,
            INDArray taps) {
        DataType type = x.dtype();
        // the output's gradient one column per pixel, behind an image of zeros: the reversed shifts read before it
        INDArray grads = at.toColumns(g, at.o, at.ho, at.wo, 1, 0, false);
        Operand gradCols = Operand.of(grads, false);
        if (x.requiresGrad()) {
            INDArray gin = Nd4j.createUninitialized(type, at.c, at.columns);
            Operand filter = Operand.of(taps, false).cols(0, at.c);
            Operand result = Operand.of(gin, false);
            blocks(at.columns, (from, to) -> {
                for (int t = 0; t < at.offsets.length; t++) {
                    long shift = at.image - at.offsets[t];
                    Blas.product(filter.rows((long) t * at.o, (long) (t + 1) * at.o).transposed(),
                            gradCols.cols(from + shift, to + shift), result.cols(from, to), type, t > 0);
                }
            });
            x.accumulateOwned(at.fromColumns(gin, at.c, at.h, at.w, 0, at.pad));
        }
        boolean biasGrad = bias != null && bias.requiresGrad();
        if (weight.requiresGrad() || biasGrad) {
            INDArray sums = filterGradient(at, pixels, gradCols, type);
            if (weight.requiresGrad()) {
                weight.accumulateOwned(sums.get(NDArrayIndex.all(), NDArrayIndex.interval(0, at.c)).dup('c')
                        .reshape('c', at.kh, at.kw, at.o, at.c).permute(2, 3, 0, 1).dup('c'));
            }
            if (biasGrad) {
                // the first tap's products with the row of ones: the sum over the batch and positions
                bias.accumulateOwned(sums.get(NDArrayIndex.interval(0, at.o), NDArrayIndex.point(at.c)).dup()
                        .reshape(bias.shape()));
            }
        }
    }

    /**
     * Each tap's [O, rows of the columns] block, stacked tap by tap: the sum over all pixels of output gradient times
     * input (shifted). Each thread sums
     * its share of the pixels into its own copy of the filter, a block of {@link #BLOCK} columns at a time: all taps
     * of a block read the same gradient columns and overlapping input columns, which stay in cache (one product per
     * tap over a thread's whole share read both from memory nine times: a fifth of the P4CNN step).
     */
    private static INDArray filterGradient(Layout at, INDArray pixels, Operand gradCols, DataType type) {
        int slices = (int) Math.max(1, Math.min(Concurrency.level(), at.columns / BLOCK));
        INDArray[] partial = new INDArray[slices];
        for (int i = 0; i < slices; i++) {
            partial[i] = Nd4j.createUninitialized(type, (long) at.kh * at.kw * at.o, pixels.size(0));
        }
        Operand input = Operand.of(pixels, false);
        Parallel.forBlocks(slices, slices, (first, last) -> {
            for (int i = first; i < last; i++) {
                long start = at.columns * i / slices;
                long end = at.columns * (i + 1) / slices;
                Operand sum = Operand.of(partial[i], false);
                for (long from = start; from < end; from += BLOCK) {
                    long to = Math.min(end, from + BLOCK);
                    for (int t = 0; t < at.offsets.length; t++) {
                        long shift = at.offsets[t];
                        Blas.product(gradCols.cols(at.image + from, at.image + to),
                                input.cols(from + shift, to + shift).transposed(),
                                sum.rows((long) t * at.o, (long) (t + 1) * at.o), type, from > start);
                    }
                }
            }
        });
        for (int i = 1; i < slices; i++) {
            partial[0].addi(partial[i]);
        }
        return partial[0];
    }

    /** Runs {@code body} over columns {@code [0, columns)} in blocks of about {@link #BLOCK}, over the threads. */
    private static void blocks(long columns, ColumnBlock body) {
        int count = (int) Math.max(Concurrency.level(), (columns + BLOCK - 1) / BLOCK);
        Parallel.forBlocks(count, Concurrency.level(), (first, last) -> {
            for (int i = first; i < last; i++) {
                body.run(columns * i / count, columns * (i + 1) / count);
            }
        });
    }

    private interface ColumnBlock {
        void run(long from, long to);
    }

    /** Sizes of one convolution, the column shift of each tap, and moves between grid signals and columns. */
    private static final class Layout {
        final int b;
        final int c;
        final int h;
        final int w;
        final int o;
        final int kh;
        final int kw;
        final int pad;
        final int hp;
        final int wp;
        final int ho;
        final int wo;
        /** Columns of one padded image, and of the batch. */
        final long image;
        final long columns;
        /** Column shift of tap {@code a * kw + e}. */
        final long[] offsets;

        Layout(Tensor x, Tensor weight, Convolutions.Spec spec) {
            b = (int) x.size(0);
            c = (int) x.size(1);
            h = (int) x.size(2);
            w = (int) x.size(3);
            o = (int) weight.size(0);
            kh = (int) weight.size(2);
            kw = (int) weight.size(3);
            pad = spec.padding();
            hp = h + 2 * pad;
            wp = w + 2 * pad;
            int d = spec.dilation();
            ho = hp - d * (kh - 1);
            wo = wp - d * (kw - 1);
            image = (long) hp * wp;
            columns = b * image;
            offsets = new long[kh * kw];
            for (int a = 0; a < kh; a++) {
                for (int e = 0; e < kw; e++) {
                    offsets[a * kw + e] = ((long) a * wp + e) * d;
                }
            }
        }

        /**
         * A grid signal {@code [b, k, rows, cols]} as columns [k, (b + 1) * image], zeros elsewhere: image {@code i}
         * goes to image slot {@code i + first}, its pixel (y, x) to padded position (y + margin, x + margin); with
         * {@code ones}, a last row of ones. Plane by
         * plane through small heap buffers: one copy in and one out per plane.
         */
        INDArray toColumns(INDArray signal, int k, int rows, int cols, int first, int margin, boolean ones) {
            HeapCopies source = new HeapCopies(Buffers.contiguous(signal));
            INDArray out = Nd4j.createUninitialized(signal.dataType(), k + (ones ? 1 : 0), (b + 1L) * image);
            if (ones) {
                out.getRow(k).assign(1);
            }
            HeapCopies target = new HeapCopies(out);
            int plane = rows * cols;
            Parallel.forBlocks(k, Concurrency.level(), (lo, hi) -> {
                Object in = source.scratch(plane);
                Object padded = target.scratch((int) image); // zeros where nothing is copied
                Object zeros = target.scratch((int) image);
                for (int ch = lo; ch < hi; ch++) {
                    for (int slot = 0; slot <= b; slot++) {
                        long at = ch * (b + 1L) * image + slot * image;
                        int i = slot - first;
                        if (i < 0 || i >= b) {
                            target.put(at, zeros, (int) image);
                            continue;
                        }
                        source.get(((long) i * k + ch) * plane, in, plane);
                        for (int y = 0; y < rows; y++) {
                            System.arraycopy(in, y * cols, padded, (y + margin) * wp + margin, cols);
                        }
                        target.put(at, padded, (int) image);
                    }
                }
            });
            return out;
        }

        /** The inverse of {@link #toColumns} on columns [k, images * image]: the {@code rows x cols} pixels from (margin, margin) of images {@code first..first + b - 1}. */
        INDArray fromColumns(INDArray columnsOf, int k, int rows, int cols, int first, int margin) {
            long total = columnsOf.size(1);
            HeapCopies source = new HeapCopies(columnsOf);
            INDArray out = Nd4j.createUninitialized(columnsOf.dataType(), b, k, rows, cols);
            HeapCopies target = new HeapCopies(out);
            int plane = rows * cols;
            Parallel.forBlocks(k, Concurrency.level(), (lo, hi) -> {
                Object padded = source.scratch((int) image);
                Object result = target.scratch(plane);
                for (int ch = lo; ch < hi; ch++) {
                    for (int i = 0; i < b; i++) {
                        source.get(ch * total + (i + first) * image, padded, (int) image);
                        for (int y = 0; y < rows; y++) {
                            System.arraycopy(padded, (y + margin) * wp + margin, result, y * cols, cols);
                        }
                        target.put(((long) i * k + ch) * plane, result, plane);
                    }
                }
            });
            return out;
        }
    }
}
