package org.erlangen.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The sparse kernels on ND4J arrays: converts to Java arrays, splits the output rows over threads, and picks the
 * Vector API kernel for float data when the {@code jdk.incubator.vector} module is present (a Neo4j server, for one,
 * does not start the JVM with it), the plain-Java one otherwise.
 */
public final class SparseKernels {
    private SparseKernels() {
    }

    /**
     * Column sums of a float matrix {@code [rows, width]} with the Vector API, one sweep down each chunk of columns;
     * null when the data is not float, the Vector API is off or the array is not in host memory (a GPU backend), for
     * the caller's own path. ND4J's reduction along
     * rows, or a product with a vector of ones, took 1.4 ms for 26,000 x 64 against 0.2 ms in PyTorch.
     */
    public static INDArray columnSums(INDArray g) {
        if (!Vectorization.enabled() || g.dataType() != DataType.FLOAT || g.rank() != 2 || !Buffers.onCpuBackend()) {
            return null;
        }
        int rows = (int) g.size(0);
        int width = (int) g.size(1);
        float[] x = Buffers.floats(g, true);
        float[] out = new float[width];
        VectorKernels.columnSums(x, rows, width, out);
        Scratch.release(x);
        return Buffers.of(out, width);
    }

    /** Values per row: the product of the dimensions after the first (so also for an array without rows). */
    public static int width(INDArray x) {
        long width = 1;
        for (int d = 1; d < x.rank(); d++) {
            width *= x.size(d);
        }
        return Math.toIntExact(width);
    }

    public static long[] rowShape(INDArray like, long rows) {
        long[] shape = like.shape().clone();
        shape[0] = rows;
        return shape;
    }

    /**
     * {@code out[r] = sum over entries k of row r of w[k] x[cols[k]]}, with {@code rows} output rows. Null
     * {@code cols}: entry k reads row k. Null {@code w}: weights 1. {@code wIndex}: entry k uses weight
     * {@code w[wIndex[k]]}.
     */
    public static INDArray rowSum(int[] ptr, int[] cols, INDArray w, int[] wIndex, INDArray x, int rows) {
        return rowSum(ptr, cols, w, wIndex, x, rows, null);
    }

    /** As above, with every output row starting from {@code bias} (one value per column) instead of zero. */
    public static INDArray rowSum(int[] ptr, int[] cols, INDArray w, int[] wIndex, INDArray x, int rows, INDArray bias) {
        return rowSum(ptr, cols, w, wIndex, x, rows, bias, 0.0);
    }

    /**
     * As above, plus {@code self} times row r of {@code x} in output row r (x must have {@code rows} rows): GIN's
     * {@code (1 + eps) x_i + sum_j x_j} in one pass, without two more full-size arrays and their gradients.
     */
    public static INDArray rowSum(int[] ptr, int[] cols, INDArray w, int[] wIndex, INDArray x, int rows, INDArray bias,
            double self) {
        int width = width(x);
        long[] shape = rowShape(x, rows);
        if (x.dataType() == DataType.DOUBLE) {
            double[] xs = Buffers.doubles(x, true);
            double[] ws = w == null ? null : Buffers.doubles(w);
            double[] b = bias == null ? null : Buffers.doubles(bias);
            double[] out = Scratch.doubles(rows * width);
            Parallel.forRows(rows, ptr, width, (from, to) -> {
                RowKernels.rowSum(ptr, cols, ws, wIndex, xs, width, out, from, to);
                addRows(b, out, width, from, to);
                addSelf(self, xs, out, width, from, to);
            });
            INDArray result = Buffers.ofPrefix(out, rows * width, shape);
            Scratch.release(xs, out);
            return result;
        }
        float[] xs = Buffers.floats(x, true);
        INDArray result = rowSum(ptr, cols, w, wIndex, xs, width, shape, bias, (float) self);
        Scratch.release(xs);
        return result;
    }

    /**
     * {@link #rowSum(int[], int[], INDArray, int[], INDArray, int, INDArray)} with {@code x} the rows of width
     * {@code width} in a Java array, read in place ({@link org.erlangen.tensor.Tensor#heapValues}; the array may run
     * on past the last row).
     */
    public static INDArray rowSum(int[] ptr, int[] cols, INDArray w, float[] x, int width, int rows, INDArray bias) {
        if (width < 1 || x.length < width) {
            throw new IllegalArgumentException(x.length + " values are not rows of width " + width);
        }
        return rowSum(ptr, cols, w, null, x, width, new long[] {rows, width}, bias, 0f);
    }

    private static INDArray rowSum(int[] ptr, int[] cols, INDArray w, int[] wIndex, float[] xs, int width,
            long[] shape, INDArray bias, float self) {
        // weights as long as the pattern, copied into a reused array: a fresh one cost more than the copy
        float[] ws = w == null ? null : Buffers.floats(w, true);
        INDArray result = rowSumOf(ptr, cols, ws, wIndex, xs, width, shape, bias, self);
        if (ws != null) {
            Scratch.release(ws);
        }
        return result;
    }

    private static INDArray rowSumOf(int[] ptr, int[] cols, float[] ws, int[] wIndex, float[] xs, int width,
            long[] shape, INDArray bias, float self) {
        int rows = Math.toIntExact(shape[0]);
        float[] b = bias == null ? null : Buffers.floats(bias);
        float[] out = Scratch.floats(rows * width);
        boolean vector = Vectorization.enabled();
        Parallel.forRows(rows, ptr, width, (from, to) -> {
            if (vector) {
                VectorKernels.rowSum(ptr, cols, ws, wIndex, xs, width, out, from, to);
            } else {
                RowKernels.rowSum(ptr, cols, ws, wIndex, xs, width, out, from, to);
            }
            addRows(b, out, width, from, to);
            addSelf(self, xs, out, width, from, to);
        });
        INDArray result = Buffers.ofPrefix(out, rows * width, shape);
        Scratch.release(out);
        return result;
    }

    /**
     * {@link #rowSum(int[], int[], INDArray, int[], INDArray, int)} with entry {@code k} weighted by
     * {@code w[entryOf[k]]}, the weights put in the pattern's entry order first: read through the index inside the
     * kernel, each entry's weight is a random access per feature chunk.
     */
    public static INDArray rowSumGathered(int[] ptr, int[] cols, INDArray w, int[] entryOf, INDArray x, int rows) {
        if (x.dataType() == DataType.DOUBLE) {
            return rowSum(ptr, cols, w, entryOf, x, rows);
        }
        float[] ws = Buffers.floats(w, true);
        float[] gathered = Scratch.floats(entryOf.length);
        for (int k = 0; k < entryOf.length; k++) {
            gathered[k] = ws[entryOf[k]];
        }
        Scratch.release(ws);
        float[] xs = Buffers.floats(x, true);
        INDArray result = rowSumOf(ptr, cols, gathered, null, xs, width(x), rowShape(x, rows), null, 0f);
        Scratch.release(xs, gathered);
        return result;
    }

    /**
     * {@code out[i] = sum over entries k of row first + i of x[cols[k]]} for {@code rows} rows, with {@code x} the
     * rows of width {@code width} on the heap, read in place: a pass over a graph's nodes chunk by chunk sums each
     * chunk's neighbours where they lie instead of copying them out first.
     */
    public static INDArray rowSum(int[] ptr, int[] cols, int first, int rows, float[] x, int width) {
        int[] local = chunkPointers(ptr, first, rows);
        float[] out = Scratch.floats(rows * width);
        boolean vector = Vectorization.enabled();
        Parallel.forRows(rows, local, width, (from, to) -> {
            if (vector) {
                VectorKernels.rowSum(local, cols, null, null, x, width, out, from, to);
            } else {
                RowKernels.rowSum(local, cols, null, null, x, width, out, from, to);
            }
        });
        INDArray result = Buffers.ofPrefix(out, rows * width, rows, width);
        Scratch.release(out);
        return result;
    }

    /** As {@link #rowSum(int[], int[], int, int, float[], int)} for double rows. */
    public static INDArray rowSum(int[] ptr, int[] cols, int first, int rows, double[] x, int width) {
        int[] local = chunkPointers(ptr, first, rows);
        double[] out = Scratch.doubles(rows * width);
        Parallel.forRows(rows, local, width, (from, to) -> RowKernels.rowSum(local, cols, null, null, x, width, out,
                from, to));
        INDArray result = Buffers.ofPrefix(out, rows * width, rows, width);
        Scratch.release(out);
        return result;
    }

    /** Pointers of rows first..first + rows - 1, still into the whole column array. */
    private static int[] chunkPointers(int[] ptr, int first, int rows) {
        int[] local = new int[rows + 1];
        System.arraycopy(ptr, first, local, 0, rows + 1);
        return local;
    }

    private static void addSelf(float self, float[] x, float[] out, int width, int from, int to) {
        if (self != 0) {
            for (int i = from * width, end = to * width; i < end; i++) {
                out[i] += self * x[i];
            }
        }
    }

    private static void addSelf(double self, double[] x, double[] out, int width, int from, int to) {
        if (self != 0) {
            for (int i = from * width, end = to * width; i < end; i++) {
                out[i] += self * x[i];
            }
        }
    }

    private static void addRows(float[] bias, float[] out, int width, int from, int to) {
        if (bias != null) {
            for (int r = from; r < to; r++) {
                for (int j = 0, o = r * width; j < width; j++) {
                    out[o + j] += bias[j];
                }
            }
        }
    }

    private static void addRows(double[] bias, double[] out, int width, int from, int to) {
        if (bias != null) {
            for (int r = from; r < to; r++) {
                for (int j = 0, o = r * width; j < width; j++) {
                    out[o + j] += bias[j];
                }
            }
        }
    }

    /** {@code out[k] = dot(a[row of k], b[cols[k]])} for every entry k: the gradient of an edge weight. */
    public static INDArray entryDot(int[] ptr, int[] cols, INDArray a, INDArray b) {
        int rows = ptr.length - 1;
        int width = width(a);
        int entries = cols.length;
        if (a.dataType() == DataType.DOUBLE) {
            double[] as = Buffers.doubles(a);
            double[] bs = Buffers.doubles(b);
            double[] out = new double[entries];
            Parallel.forRows(rows, ptr, width, (f, t) -> RowKernels.entryDot(ptr, cols, as, bs, width, out, f, t));
            return Buffers.of(out, entries);
        }
        float[] as = Buffers.floats(a);
        float[] bs = Buffers.floats(b);
        float[] out = new float[entries];
        boolean vector = Vectorization.enabled();
        Parallel.forRows(rows, ptr, width, (f, t) -> {
            if (vector) {
                VectorKernels.entryDot(ptr, cols, as, bs, width, out, f, t);
            } else {
                RowKernels.entryDot(ptr, cols, as, bs, width, out, f, t);
            }
        });
        return Buffers.of(out, entries);
    }

    /** {@code out[k] = w[order[k]]} for a vector of per-entry values. */
    public static INDArray permute(INDArray w, int[] order) {
        if (w.dataType() == DataType.DOUBLE) {
            double[] ws = Buffers.doubles(w);
            double[] out = new double[order.length];
            for (int k = 0; k < order.length; k++) {
                out[k] = ws[order[k]];
            }
            return Buffers.of(out, order.length);
        }
        float[] ws = Buffers.floats(w);
        float[] out = new float[order.length];
        for (int k = 0; k < order.length; k++) {
            out[k] = ws[order[k]];
        }
        return Buffers.of(out, order.length);
    }

    /** Row {@code i} of the result is row {@code index[i]} of x. */
    public static INDArray gather(int[] index, INDArray x) {
        int width = width(x);
        long[] shape = rowShape(x, index.length);
        if (x.dataType() == DataType.DOUBLE) {
            double[] xs = Buffers.doubles(x);
            double[] out = new double[index.length * width];
            Parallel.forRows(index.length, null, width, (a, b) -> {
                for (int i = a; i < b; i++) {
                    System.arraycopy(xs, index[i] * width, out, i * width, width);
                }
            });
            return Buffers.of(out, shape);
        }
        float[] xs = Buffers.floats(x);
        float[] out = new float[index.length * width];
        Parallel.forRows(index.length, null, width, (a, b) -> {
            for (int i = a; i < b; i++) {
                System.arraycopy(xs, index[i] * width, out, i * width, width);
            }
        });
        return Buffers.of(out, shape);
    }

    /** Per segment and column, the max (or min) and the row that holds it (-1 for an empty segment). */
    public static INDArray extreme(int[] ptr, INDArray x, int[] arg, boolean max) {
        int segments = ptr.length - 1;
        int width = width(x);
        long[] shape = rowShape(x, segments);
        if (x.dataType() == DataType.DOUBLE) {
            double[] xs = Buffers.doubles(x);
            double[] out = new double[segments * width];
            Parallel.forRows(segments, ptr, width, (a, b) -> SegmentKernels.extreme(ptr, xs, width, out, arg, max, a, b));
            return Buffers.of(out, shape);
        }
        float[] xs = Buffers.floats(x);
        float[] out = new float[segments * width];
        Parallel.forRows(segments, ptr, width, (a, b) -> SegmentKernels.extreme(ptr, xs, width, out, arg, max, a, b));
        return Buffers.of(out, shape);
    }

    /** Scatters {@code g} (one row per segment) to the rows named by {@code arg}, into {@code rows} rows. */
    public static INDArray routeToArg(int[] ptr, int[] arg, INDArray g, long[] shape) {
        int segments = ptr.length - 1;
        int width = width(g);
        int total = (int) (shape[0] * width);
        if (g.dataType() == DataType.DOUBLE) {
            double[] gs = Buffers.doubles(g);
            double[] out = new double[total];
            Parallel.forRows(segments, ptr, width, (a, b) -> {
                for (int i = a * width; i < b * width; i++) {
                    if (arg[i] >= 0) {
                        out[arg[i] * width + i % width] = gs[i];
                    }
                }
            });
            return Buffers.of(out, shape);
        }
        float[] gs = Buffers.floats(g);
        float[] out = new float[total];
        Parallel.forRows(segments, ptr, width, (a, b) -> {
            for (int i = a * width; i < b * width; i++) {
                if (arg[i] >= 0) {
                    out[arg[i] * width + i % width] = gs[i];
                }
            }
        });
        return Buffers.of(out, shape);
    }

    public static INDArray softmax(int[] ptr, INDArray x) {
        int segments = ptr.length - 1;
        int width = width(x);
        if (x.dataType() == DataType.DOUBLE) {
            double[] xs = Buffers.doubles(x);
            double[] out = new double[xs.length];
            Parallel.forRows(segments, ptr, width, (a, b) -> SegmentKernels.softmax(ptr, xs, width, out, a, b));
            return Buffers.of(out, x.shape());
        }
        float[] xs = Buffers.floats(x);
        float[] out = new float[xs.length];
        Parallel.forRows(segments, ptr, width, (a, b) -> SegmentKernels.softmax(ptr, xs, width, out, a, b));
        return Buffers.of(out, x.shape());
    }

    public static INDArray softmaxBackward(int[] ptr, INDArray y, INDArray g) {
        int segments = ptr.length - 1;
        int width = width(y);
        if (y.dataType() == DataType.DOUBLE) {
            double[] ys = Buffers.doubles(y);
            double[] gs = Buffers.doubles(g);
            double[] out = new double[ys.length];
            Parallel.forRows(segments, ptr, width, (a, b) -> SegmentKernels.softmaxBackward(ptr, ys, gs, width, out, a, b));
            return Buffers.of(out, y.shape());
        }
        float[] ys = Buffers.floats(y);
        float[] gs = Buffers.floats(g);
        float[] out = new float[ys.length];
        Parallel.forRows(segments, ptr, width, (a, b) -> SegmentKernels.softmaxBackward(ptr, ys, gs, width, out, a, b));
        return Buffers.of(out, y.shape());
    }
}
