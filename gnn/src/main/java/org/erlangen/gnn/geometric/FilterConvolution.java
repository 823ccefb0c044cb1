package org.erlangen.gnn.geometric;

import java.util.Arrays;
import org.erlangen.kernels.Buffers;
import org.erlangen.kernels.FilterKernels;
import org.erlangen.sparse.Csr;
import org.erlangen.sparse.Sparse;
import org.erlangen.sparse.SparseBackend;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SchNet's continuous-filter convolution {@code m_i = sum over edges k = (j -> i) of C_p W_p x_j} with {@code p} the
 * atom pair of edge k, elementwise in the features, as one operation: the messages {@code [E, F]} are never stored,
 * and the backward pass gives the gradients of the filters, the features and the envelope in one sweep over the
 * edges. Written as gather, two products and a segment sum it made about ten passes over {@code [E, F]} arrays per
 * interaction. Filters and envelope are given per pair ({@link AtomPairs}), as both directions of a pair share them.
 *
 * <p>Edges are the adjacency's entries (rows are receivers, columns senders), in its order. Runs on one thread: the
 * batches of small molecules it is made for gain nothing from more.
 */
public final class FilterConvolution {
    private FilterConvolution() {
    }

    /** One filter and envelope value per edge. */
    public static Tensor apply(Csr adjacency, Tensor x, Tensor filters, Tensor envelope) {
        int[] identity = new int[adjacency.entryCount()];
        Arrays.setAll(identity, k -> k);
        return apply(adjacency, identity, x, filters, envelope);
    }

    /**
     * @param pairOf the filter row of every edge ({@link AtomPairs#pairOf()})
     * @param x sender features {@code [N, F]}
     * @param filters one filter per pair {@code [P, F]}
     * @param envelope one factor per pair {@code [P, 1]} (the cutoff)
     * @return {@code [N, F]}, one row per receiver
     */
    public static Tensor apply(Csr adjacency, int[] pairOf, Tensor x, Tensor filters, Tensor envelope) {
        if (pairOf.length != adjacency.entryCount()) {
            throw new IllegalArgumentException("filter convolution needs a pair for each of the "
                    + adjacency.entryCount() + " edges, got " + pairOf.length);
        }
        int e = (int) filters.rows();
        for (int p : pairOf) {
            if (p < 0 || p >= e) {
                throw new IllegalArgumentException("edge pair " + p + " is outside the " + e + " filter rows");
            }
        }
        if (x.rank() != 2 || x.rows() != adjacency.colCount()) {
            throw new IllegalArgumentException("filter convolution needs features [" + adjacency.colCount()
                    + ", F], got " + Arrays.toString(x.shape()));
        }
        int f = (int) x.size(1);
        if (filters.rank() != 2 || filters.size(1) != f) {
            throw new IllegalArgumentException("filter convolution needs filters [" + e + ", " + f + "], got "
                    + Arrays.toString(filters.shape()));
        }
        if (envelope.data().length() != e) {
            throw new IllegalArgumentException("filter convolution needs one envelope value per filter (" + e
                    + "), got " + Arrays.toString(envelope.shape()));
        }
        DataType dtype = x.dtype();
        if (filters.dtype() != dtype || envelope.dtype() != dtype) {
            throw new IllegalArgumentException("filter convolution needs one data type, got " + dtype + ", "
                    + filters.dtype() + ", " + envelope.dtype());
        }
        if (SparseBackend.current() == SparseBackend.ND4J) {
            // the fused kernels read the arrays on the host; as sparse ops they stay where the backend has them
            Tensor perEdge = Sparse.indexSelect(filters.mul(Shapes.reshape(envelope, e, 1)), pairOf);
            return Sparse.segmentSum(Sparse.gatherCols(x, adjacency).mul(perEdge), adjacency.rows());
        }
        int[] ptr = adjacency.rows().toPointers();
        int[] senders = adjacency.toCols();
        int n = adjacency.rowCount();
        long[] outShape = {n, f};
        if (dtype == DataType.FLOAT) {
            float[] xv = Buffers.floats(x.data());
            float[] wv = Buffers.floats(filters.data());
            float[] cv = Buffers.floats(envelope.data());
            float[] out = new float[n * f];
            FilterKernels.forward(ptr, senders, pairOf, xv, wv, cv, out, f);
            return Tensor.result(Buffers.of(out, outShape), g -> {
                float[] gv = Buffers.floats(g);
                float[] dx = x.requiresGrad() ? new float[xv.length] : null;
                float[] dw = filters.requiresGrad() ? new float[wv.length] : null;
                float[] dc = envelope.requiresGrad() ? new float[cv.length] : null;
                FilterKernels.backward(ptr, senders, pairOf, xv, wv, cv, gv, dx, dw, dc, f);
                accumulate(x, dx == null ? null : Buffers.of(dx, x.shape()));
                accumulate(filters, dw == null ? null : Buffers.of(dw, filters.shape()));
                accumulate(envelope, dc == null ? null : Buffers.of(dc, envelope.shape()));
            }, x, filters, envelope);
        }
        double[] xv = Buffers.doubles(x.data().castTo(DataType.DOUBLE));
        double[] wv = Buffers.doubles(filters.data().castTo(DataType.DOUBLE));
        double[] cv = Buffers.doubles(envelope.data().castTo(DataType.DOUBLE));
        double[] out = new double[n * f];
        FilterKernels.forward(ptr, senders, pairOf, xv, wv, cv, out, f);
        return Tensor.result(Buffers.of(out, outShape).castTo(dtype), g -> {
            double[] gv = Buffers.doubles(g.castTo(DataType.DOUBLE));
            double[] dx = x.requiresGrad() ? new double[xv.length] : null;
            double[] dw = filters.requiresGrad() ? new double[wv.length] : null;
            double[] dc = envelope.requiresGrad() ? new double[cv.length] : null;
            FilterKernels.backward(ptr, senders, pairOf, xv, wv, cv, gv, dx, dw, dc, f);
            accumulate(x, dx == null ? null : Buffers.of(dx, x.shape()).castTo(dtype));
            accumulate(filters, dw == null ? null : Buffers.of(dw, filters.shape()).castTo(dtype));
            accumulate(envelope, dc == null ? null : Buffers.of(dc, envelope.shape()).castTo(dtype));
        }, x, filters, envelope);
    }

    private static void accumulate(Tensor t, INDArray gradient) {
        if (gradient != null) {
            t.accumulateOwned(gradient);
        }
    }
}
