package org.erlangen.graph.sampling;

import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.erlangen.kernels.Buffers;
import org.erlangen.sparse.Csr;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Workspace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A row per node (features, or one layer's activations in layer-wise inference) from which batches and chunks gather
 * the rows they need ({@link #gather}). On the heap when they fit one Java array and the heap has room for them: a row
 * is then one {@code System.arraycopy}, where a call into native code per row, from an off-heap array, took several
 * times longer on a 10-million-node graph. Off the heap otherwise, read in place.
 */
public final class NodeRows {
    /** The share of the heap's free room that activations may take. */
    private static final double HEAP_SHARE = 0.95;

    private final int nodes;
    private final int width;
    private final DataType dtype;
    private float[] floats;
    private double[] doubles;
    private INDArray array;
    private INDArray source;
    /** Arrays for gathered rows, given back by batches done with them. */
    private final RowPool pool = new RowPool();

    private NodeRows(int nodes, int width, DataType dtype) {
        this.nodes = nodes;
        this.width = width;
        this.dtype = dtype;
    }

    /** Rows of {@code features} ([nodes, width]): copied to the heap when they fit, else read in place. */
    public static NodeRows of(INDArray features) {
        int n = Math.toIntExact(features.size(0));
        int w = Math.toIntExact(features.size(1));
        var a = new NodeRows(n, w, features.dataType());
        a.source = features;
        INDArray c = features.ordering() == 'c' && !features.isView() ? features : features.dup('c');
        if (Buffers.onCpuBackend() && a.fitsHeap() && (a.dtype == DataType.FLOAT || a.dtype == DataType.DOUBLE)) {
            if (a.dtype == DataType.FLOAT) {
                a.floats = new float[n * w];
                new FloatPointer(c.data().addressPointer()).get(a.floats, 0, a.floats.length);
            } else {
                a.doubles = new double[n * w];
                new DoublePointer(c.data().addressPointer()).get(a.doubles, 0, a.doubles.length);
            }
        } else {
            a.array = c;
        }
        return a;
    }

    /**
     * Rows already on the heap, read where they lie, never copied: {@code values} hold {@code features}' values,
     * row-major (the array they were copied from, such as a reader's), and stay unchanged while these rows are used.
     */
    public static NodeRows wrapping(float[] values, INDArray features) {
        if (features.rank() != 2 || features.dataType() != DataType.FLOAT
                || values.length != features.size(0) * features.size(1)) {
            throw new IllegalArgumentException(values.length + " floats cannot be the values of a "
                    + features.dataType() + " array of shape " + Arrays.toString(features.shape()));
        }
        var a = new NodeRows(Math.toIntExact(features.size(0)), Math.toIntExact(features.size(1)), DataType.FLOAT);
        a.floats = values;
        a.source = features;
        return a;
    }

    /** Rows of {@code features} read in place, never copied: for a caller who knows the heap has no room. */
    public static NodeRows inPlace(INDArray features) {
        var a = new NodeRows(Math.toIntExact(features.size(0)), Math.toIntExact(features.size(1)),
                features.dataType());
        a.array = features;
        a.source = features;
        return a;
    }

    /** Room for {@code nodes} rows of {@code width}, such as a layer's outputs. */
    public static NodeRows allocate(int nodes, int width, DataType dtype) {
        var a = new NodeRows(nodes, width, dtype);
        if (Buffers.onCpuBackend() && a.fitsHeap() && (dtype == DataType.FLOAT || dtype == DataType.DOUBLE)) {
            if (dtype == DataType.FLOAT) {
                a.floats = new float[nodes * width];
            } else {
                a.doubles = new double[nodes * width];
            }
        } else {
            a.array = Workspace.outside(() -> Nd4j.createUninitialized(dtype, nodes, width));
        }
        return a;
    }

    private boolean fitsHeap() {
        long values = (long) nodes * width;
        if (values > Integer.MAX_VALUE - 8) {
            return false;
        }
        long bytes = values * dtype.width();
        if (bytes <= HEAP_SHARE * heapRoom()) {
            return true;
        }
        // garbage counts as used until collected: ask for a collection once before deciding on gigabytes
        System.gc();
        return bytes <= HEAP_SHARE * heapRoom();
    }

    private static long heapRoom() {
        Runtime r = Runtime.getRuntime();
        return r.maxMemory() - (r.totalMemory() - r.freeMemory());
    }

    /** How many rows. */
    public int count() {
        return nodes;
    }

    /** Whether these rows are {@code features}' rows: read in place, or copied from them. */
    public boolean holds(INDArray features) {
        return source == features;
    }

    /**
     * Rows {@code rows}, in that order; on the heap, in an array these rows lend ({@link FeatureRows#release} gives it
     * back for the next gather).
     */
    public FeatureRows gather(int[] rows) {
        if (floats != null) {
            return FeatureRows.gather(floats, width, rows, pool);
        }
        if (doubles != null) {
            return FeatureRows.gather(doubles, width, rows, pool);
        }
        return FeatureRows.gather(array, rows);
    }

    /**
     * For receivers {@code from..to-1} of {@code adjacency} (receivers as rows, these nodes as columns): the sum of
     * their senders' rows, read where they lie, as {@code [to - from, width]}; null when the rows are off the heap.
     */
    public INDArray neighbourSums(Csr adjacency, int from, int to) {
        if (floats != null) {
            return Sparse.rowSums(adjacency, from, to, floats, width);
        }
        if (doubles != null) {
            return Sparse.rowSums(adjacency, from, to, doubles, width);
        }
        return null;
    }

    /** Rows {@code from..to-1}, in order. */
    public INDArray rows(int from, int to) {
        if (floats != null) {
            return Buffers.of(Arrays.copyOfRange(floats, from * width, to * width), to - from, width);
        }
        if (doubles != null) {
            return Buffers.of(Arrays.copyOfRange(doubles, from * width, to * width), to - from, width);
        }
        return array.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup('c');
    }

    /** Writes {@code y}'s rows from node {@code from} on. */
    public void put(int from, INDArray y) {
        if (floats != null) {
            float[] v = Buffers.floats(y);
            System.arraycopy(v, 0, floats, from * width, v.length);
        } else if (doubles != null) {
            double[] v = Buffers.doubles(y);
            System.arraycopy(v, 0, doubles, from * width, v.length);
        } else {
            array.get(NDArrayIndex.interval(from, from + y.rows()), NDArrayIndex.all()).assign(y);
        }
    }

    /** The activations as a [nodes, width] array that outlives any step. */
    public INDArray toArray() {
        if (array != null) {
            return array;
        }
        return Workspace.outside(() -> floats != null ? Buffers.of(floats, nodes, width)
                : Buffers.of(doubles, nodes, width));
    }

    /** Lets go of the values (an off-heap array of this object's own is freed now). */
    public void free(INDArray keep) {
        floats = null;
        doubles = null;
        if (array != null && array != keep && array.closeable()) {
            array.close();
        }
        array = null;
    }
}
