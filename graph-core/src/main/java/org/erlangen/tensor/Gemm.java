package org.erlangen.tensor;

import org.erlangen.kernels.Concurrency;
import org.erlangen.kernels.Parallel;
import org.erlangen.kernels.Termination;
import org.erlangen.tensor.Blas.Operand;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products split over the kernel threads. ND4J runs with one OpenMP thread here (its spinning threads slowed
 * small graphs down several times), so a product of a tall matrix would use one core; cutting it into one block per
 * thread and calling BLAS on each block halved a [3860, 64] x [64, 64] product on two cores.
 *
 * <p>Every product checks for termination first. In a step's first pass each array is fresh memory, and where the
 * first touch of a page is slow (a virtual machine here: about 3-5 ms per MB) even a thin product into a [3000, 4096]
 * output took 140 ms, and one layer of a wide model over a second, past what checks between layers keep to.
 */
final class Gemm {
    /** Below this many multiply-adds one call is cheaper than handing blocks to other threads. */
    static final long MIN_SPLIT_WORK = 1L << 21;
    /** Fewest rows of the split dimension per block. */
    private static final int MIN_BLOCK_ROWS = 256;
    /**
     * Above this many multiply-adds a product runs in slabs of rows, with {@link Termination#check()} between them:
     * a [5000, 4096] x [4096, 4096] product alone runs for seconds. It is ten times the largest product of the
     * benchmarks ({@code bench gcn}: [100000, 128] x [128, 64]); below it nothing changes.
     */
    static final long CHECKED_WORK = 1L << 33;
    /** Multiply-adds per thread in one slab: well under a second on one core. */
    private static final long SLAB_WORK = 1L << 32;

    private Gemm() {
    }

    /**
     * {@code out = op(a) op(b)} with {@code op} a transpose where asked; {@code out} has the product's shape and is
     * overwritten. A product with few output rows and a long shared dimension ({@code a^T g} in a backward pass) is
     * split along the shared dimension and the blocks' partial products summed, so results may differ from one call
     * in the last bits.
     */
    static void product(INDArray a, INDArray b, INDArray out, boolean transA, boolean transB) {
        Termination.check(); // each product of a layer, not only slabs of the largest: see the class comment
        Blas.Product p = Blas.Product.of(a, transA, b, transB, out);
        if (p == null) {
            Nd4j.gemm(a, b, out, transA, transB, 1.0, 0.0);
        } else if (p.work() > CHECKED_WORK && p.out().rows() >= 2L * MIN_BLOCK_ROWS) {
            slabs(p, false);
        } else {
            split(p, out);
        }
    }

    /**
     * {@code out += op(a) op(b)}: a second product summed into the first's output where it lies (two affine maps
     * into one layer output), split over the threads by rows only, so each element is summed once.
     */
    static void productAdd(INDArray a, INDArray b, INDArray out, boolean transA, boolean transB) {
        Termination.check();
        Blas.Product p = Blas.Product.of(a, transA, b, transB, out);
        if (p == null) {
            Nd4j.gemm(a, b, out, transA, transB, 1.0, 1.0);
            return;
        }
        if (Concurrency.level() < 2 || p.work() < MIN_SPLIT_WORK || p.out().rows() < 2L * MIN_BLOCK_ROWS) {
            p.run(true);
        } else {
            slabs(p, true); // one slab below CHECKED_WORK
        }
    }

    /**
     * Runs {@code p} in slabs of rows of about {@link #SLAB_WORK} multiply-adds per thread, checking for termination
     * before each; each slab is split over the threads as a whole product would be. BLAS blocks rows by how many it
     * is given, so the values may differ from an unsplit product's in the last bits. With {@code accumulate} the
     * products are added to {@code out}; rows are split, never the shared dimension, so each element is summed once.
     */
    private static void slabs(Blas.Product p, boolean accumulate) {
        long rows = p.out().rows();
        int threads = Concurrency.level();
        long perRow = p.work() / rows;
        long slab = Math.max(MIN_BLOCK_ROWS, SLAB_WORK / perRow) * threads;
        for (long from = 0; from < rows; from += slab) {
            Termination.check();
            Blas.Product part = p.rows(from, Math.min(rows, from + slab));
            long partRows = part.out().rows();
            int blocks = (int) Math.max(1, Math.min(threads, partRows / MIN_BLOCK_ROWS));
            Parallel.forBlocks((int) partRows, blocks, (lo, hi) -> part.rows(lo, hi).run(accumulate));
        }
    }

    /** Runs {@code p}, whose result is {@code out}, over the kernel threads when it is large enough. */
    private static void split(Blas.Product p, INDArray out) {
        Operand x = p.a();
        Operand y = p.b();
        Operand z = p.out();
        long rows = z.rows();
        long shared = x.cols();
        long work = rows * shared * z.cols();
        int threads = Concurrency.level();
        if (threads < 2 || work < MIN_SPLIT_WORK) {
            p.run();
        } else if (rows >= 2L * MIN_BLOCK_ROWS) {
            int blocks = (int) Math.min(threads, rows / MIN_BLOCK_ROWS);
            Parallel.forBlocks((int) rows, blocks, (from, to) -> Blas.product(x.rows(from, to), y,
                    z.rows(from, to), p.type()));
        } else if (shared >= 2L * MIN_BLOCK_ROWS) {
            sharedSplit(x, y, out, (int) Math.min(threads, shared / MIN_BLOCK_ROWS));
        } else {
            p.run();
        }
    }

    /** {@code out = x y} as the sum of {@code blocks} products over slices of the shared dimension. */
    private static void sharedSplit(Operand x, Operand y, INDArray out, int blocks) {
        INDArray[] partial = new INDArray[blocks];
        partial[0] = out;
        for (int i = 1; i < blocks; i++) {
            partial[i] = Nd4j.createUninitialized(out.dataType(), out.shape());
        }
        long shared = x.cols();
        Parallel.forBlocks(blocks, blocks, (from, to) -> {
            for (int i = from; i < to; i++) {
                long lo = shared * i / blocks;
                long hi = shared * (i + 1) / blocks;
                Blas.product(x.cols(lo, hi), y.rows(lo, hi), Operand.of(partial[i], false), out.dataType());
            }
        });
        for (int i = 1; i < blocks; i++) {
            out.addi(partial[i]);
        }
    }

    /**
     * Two independent products, as in a product's backward pass ({@code g b^T} and {@code a^T g}). With exactly two
     * threads and enough work, one product per thread, each in one call: one hand-off instead of one per product, and
     * no partial sums. Otherwise (and where one product alone is large enough to run in checked slabs) one after the
     * other, each split over all threads by {@link #product}.
     */
    static void both(INDArray a1, INDArray b1, INDArray out1, boolean transA1, boolean transB1, INDArray a2,
            INDArray b2, INDArray out2, boolean transA2, boolean transB2) {
        long work = a1.size(0) * a1.size(1) * out1.size(1) + a2.size(0) * a2.size(1) * out2.size(1);
        Blas.Product p1 = Blas.Product.of(a1, transA1, b1, transB1, out1);
        Blas.Product p2 = Blas.Product.of(a2, transA2, b2, transB2, out2);
        if (Concurrency.level() != 2 || work < 2 * MIN_SPLIT_WORK || p1 == null || p2 == null
                || p1.work() > CHECKED_WORK || p2.work() > CHECKED_WORK) {
            product(a1, b1, out1, transA1, transB1);
            product(a2, b2, out2, transA2, transB2);
            return;
        }
        Termination.check();
        Parallel.forBlocks(2, 2, (from, to) -> {
            for (int i = from; i < to; i++) {
                (i == 0 ? p1 : p2).run();
            }
        });
    }

    /** {@code out = op(a) op(b)}, one of several independent products of a backward pass. */
    record Job(INDArray a, INDArray b, INDArray out, boolean transA, boolean transB) {
    }

    /** Independent products, two at a time through {@link #both}: one hand-off per pair on two threads. */
    static void all(java.util.List<Job> jobs) {
        int i = 0;
        for (; i + 1 < jobs.size(); i += 2) {
            Job p = jobs.get(i);
            Job q = jobs.get(i + 1);
            both(p.a, p.b, p.out, p.transA, p.transB, q.a, q.b, q.out, q.transA, q.transB);
        }
        if (i < jobs.size()) {
            Job p = jobs.get(i);
            product(p.a, p.b, p.out, p.transA, p.transB);
        }
    }
}
