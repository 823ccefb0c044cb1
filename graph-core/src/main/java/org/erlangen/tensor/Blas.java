package org.erlangen.tensor;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products straight through the CBLAS that ND4J's CPU backend ships (OpenBLAS), on the arrays' own memory.
 * ND4J's gemm builds an op, its shape buffers and, for a block of rows, a view: 30-70 µs per product, more than a
 * [32, 64] x [64, 64] product itself (7 µs) and a tenth of a [3860, 64] x [64, 64] one. Blocks of rows here are
 * pointer offsets, so splitting a product over threads costs no views either.
 */
final class Blas {
    private static final boolean CPU = Nd4j.getBackend().getClass().getSimpleName().startsWith("Cpu");

    private Blas() {
    }

    /** Whether products run through CBLAS on the arrays' memory (ND4J's CPU backend). */
    static boolean onCpu() {
        return CPU;
    }

    /**
     * A matrix as row-major CBLAS takes it: the address of its first element, the leading dimension, and whether the
     * memory holds its transpose ({@code op(M)}). {@code rows} and {@code cols} are those of {@code op(M)}.
     */
    record Operand(Pointer base, long offset, int ld, boolean trans, long rows, long cols) {
        /** {@code op(m)} with {@code op} a transpose when {@code transpose}; null when m has no unit stride. */
        static Operand of(INDArray m, boolean transpose) {
            long r = m.size(0);
            long c = m.size(1);
            long s0 = m.stride(0);
            long s1 = m.stride(1);
            Pointer base = m.data().addressPointer(); // already at the array's first element, views included
            Operand stored;
            if (s1 == 1 && (r == 1 || s0 >= c)) {
                stored = new Operand(base, base.position(), (int) Math.max(r == 1 ? c : s0, 1), false, r, c);
            } else if (s0 == 1 && (c == 1 || s1 >= r)) {
                stored = new Operand(base, base.position(), (int) Math.max(c == 1 ? r : s1, 1), true, r, c);
            } else {
                return null;
            }
            return transpose ? stored.transposed() : stored;
        }

        Operand transposed() {
            return new Operand(base, offset, ld, !trans, cols, rows);
        }

        /** Rows {@code [from, to)} of this matrix. */
        Operand rows(long from, long to) {
            return new Operand(base, offset + (trans ? from : from * ld), ld, trans, to - from, cols);
        }

        /** Columns {@code [from, to)} of this matrix. */
        Operand cols(long from, long to) {
            return new Operand(base, offset + (trans ? from * ld : from), ld, trans, rows, to - from);
        }
    }

    /** The three operands of {@code out = op(a) op(b)} as CBLAS takes them, and their element type. */
    record Product(Operand a, Operand b, Operand out, DataType type) {
        /**
         * The product's operands, or null when CBLAS cannot take these arrays: not the CPU backend, not float or
         * double alike, not rank 2, or without a unit stride.
         */
        static Product of(INDArray a, boolean transA, INDArray b, boolean transB, INDArray out) {
            DataType t = out.dataType();
            if (!CPU || (t != DataType.FLOAT && t != DataType.DOUBLE) || a.dataType() != t || b.dataType() != t
                    || a.rank() != 2 || b.rank() != 2 || out.rank() != 2) {
                return null;
            }
            Operand x = Operand.of(a, transA);
            Operand y = Operand.of(b, transB);
            Operand z = Operand.of(out, false);
            return x == null || y == null || z == null ? null : new Product(x, y, z, t);
        }

        void run() {
            product(a, b, out, type);
        }

        /** {@code out += a b} when {@code accumulate}, else {@code out = a b}. */
        void run(boolean accumulate) {
            product(a, b, out, type, accumulate);
        }

        /** Multiply-adds of the product. */
        long work() {
            return out.rows() * a.cols() * out.cols();
        }

        /** The product's rows {@code [from, to)}: those rows of {@code a} times {@code b}. */
        Product rows(long from, long to) {
            return new Product(a.rows(from, to), b, out.rows(from, to), type);
        }
    }

    /** {@code c = a b} for operands whose shapes fit ({@code a.rows = c.rows}, {@code b.cols = c.cols}). */
    static void product(Operand a, Operand b, Operand c, DataType type) {
        product(a, b, c, type, false);
    }

    /** {@code c = a b}, or {@code c += a b} when {@code accumulate}. */
    static void product(Operand a, Operand b, Operand c, DataType type, boolean accumulate) {
        if (c.trans()) {
            // CBLAS writes row-major results: a result stored transposed is computed as c^T = b^T a^T
            product(b.transposed(), a.transposed(), c.transposed(), type, accumulate);
            return;
        }
        int m = (int) c.rows();
        int n = (int) c.cols();
        int k = (int) a.cols();
        if (m == 0 || n == 0) {
            return;
        }
        int ta = a.trans() ? CblasTrans : CblasNoTrans;
        int tb = b.trans() ? CblasTrans : CblasNoTrans;
        if (type == DataType.DOUBLE) {
            openblas_nolapack.cblas_dgemm(CblasRowMajor, ta, tb, m, n, k, 1.0, doubles(a), a.ld(), doubles(b), b.ld(),
                    accumulate ? 1.0 : 0.0, doubles(c), c.ld());
        } else {
            openblas_nolapack.cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, 1f, floats(a), a.ld(), floats(b), b.ld(),
                    accumulate ? 1f : 0f, floats(c), c.ld());
        }
    }

    private static FloatPointer floats(Operand m) {
        return new FloatPointer(m.base()).position(m.offset());
    }

    private static DoublePointer doubles(Operand m) {
        return new DoublePointer(m.base()).position(m.offset());
    }
}
