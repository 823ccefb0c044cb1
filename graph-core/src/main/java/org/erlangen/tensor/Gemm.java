package org.erlangen.tensor;

import org.erlangen.sparse.Concurrency;
import org.erlangen.sparse.Parallel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Matrix products split over the kernel threads. ND4J runs with one OpenMP thread here (its spinning threads slowed
 * small graphs down several times), so a product of a tall matrix would use one core; cutting the rows into one
 * block per thread and calling ND4J's gemm on each block halved a [3860, 64] x [64, 64] product on two cores.
 */
final class Gemm {
    /** Below this many multiply-adds one call is cheaper than handing blocks to other threads. */
    static final long MIN_SPLIT_WORK = 1L << 21;
    /** Fewest rows of the split dimension per block. */
    private static final int MIN_BLOCK_ROWS = 256;

    private Gemm() {
    }

    /**
     * {@code out = op(a) op(b)} with {@code op} a transpose where asked; {@code out} has the product's shape and is
     * overwritten. With {@code transA} the split runs over the shared dimension and the blocks' partial products
     * are summed, so results may differ from one call in the last bits.
     */
    static void product(INDArray a, INDArray b, INDArray out, boolean transA, boolean transB) {
        long split = a.size(0); // rows of the output, or with transA the shared dimension
        long work = a.size(0) * a.size(1) * out.size(1);
        int blocks = (int) Math.min(Concurrency.level(), split / MIN_BLOCK_ROWS);
        // a^T b^T runs b's columns along the shared dimension; no caller needs it split
        if (blocks < 2 || work < MIN_SPLIT_WORK || (transA && transB)) {
            single(a, b, out, transA, transB);
            return;
        }
        long[] bounds = new long[blocks + 1];
        for (int i = 0; i <= blocks; i++) {
            bounds[i] = split * i / blocks;
        }
        if (!transA) {
            Parallel.forBlocks(blocks, blocks, (from, to) -> {
                for (int i = from; i < to; i++) {
                    Nd4j.gemm(rows(a, bounds[i], bounds[i + 1]), b, rows(out, bounds[i], bounds[i + 1]), false,
                            transB, 1.0, 0.0);
                }
            });
            return;
        }
        INDArray[] partial = new INDArray[blocks];
        partial[0] = out;
        for (int i = 1; i < blocks; i++) {
            partial[i] = out.ulike();
        }
        Parallel.forBlocks(blocks, blocks, (from, to) -> {
            for (int i = from; i < to; i++) {
                Nd4j.gemm(rows(a, bounds[i], bounds[i + 1]), rows(b, bounds[i], bounds[i + 1]), partial[i], true,
                        false, 1.0, 0.0);
            }
        });
        for (int i = 1; i < blocks; i++) {
            out.addi(partial[i]);
        }
    }

    /**
     * Two independent products, as in a product's backward pass ({@code g b^T} and {@code a^T g}). With exactly two
     * threads and enough work, one product per thread, each in one call: one hand-off instead of one per product, and
     * no partial sums. Otherwise one after the other, each split over all threads by {@link #product}.
     */
    static void both(INDArray a1, INDArray b1, INDArray out1, boolean transA1, boolean transB1, INDArray a2,
            INDArray b2, INDArray out2, boolean transA2, boolean transB2) {
        long work = a1.size(0) * a1.size(1) * out1.size(1) + a2.size(0) * a2.size(1) * out2.size(1);
        if (Concurrency.level() != 2 || work < 2 * MIN_SPLIT_WORK) {
            product(a1, b1, out1, transA1, transB1);
            product(a2, b2, out2, transA2, transB2);
            return;
        }
        Parallel.forBlocks(2, 2, (from, to) -> {
            for (int i = from; i < to; i++) {
                if (i == 0) {
                    single(a1, b1, out1, transA1, transB1);
                } else {
                    single(a2, b2, out2, transA2, transB2);
                }
            }
        });
    }

    /**
     * One ND4J call. A tall row-major result is computed as its transpose {@code op(b)^T op(a)^T} into the
     * column-major view of the output: ND4J's gemm into a row-major output computes a column-major one and copies
     * it, which doubled the time of a 26,000 x 64 by 64 x 64 product.
     */
    private static void single(INDArray a, INDArray b, INDArray out, boolean transA, boolean transB) {
        if (out.size(0) > out.size(1) && out.ordering() == 'c' && !out.isView()) {
            Nd4j.gemm(transB ? b : b.transpose(), transA ? a : a.transpose(), out.transpose(), false, false, 1.0,
                    0.0);
        } else {
            Nd4j.gemm(a, b, out, transA, transB, 1.0, 0.0);
        }
    }

    private static INDArray rows(INDArray m, long from, long to) {
        return m.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }
}
