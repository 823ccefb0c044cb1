package org.erlangen.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.erlangen.bench.GcnBench;
import org.erlangen.sparse.Concurrency;
import org.erlangen.sparse.Kernels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Speed benchmarks, each timed against the same model in PyTorch in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time a training step against PyTorch (last line: erlangen_ms=... pytorch_ms=... ratio=...).",
        subcommands = {BenchCommand.Gcn.class, BenchCommand.Gem.class})
public final class BenchCommand implements Runnable {
    @Override
    public void run() {
        throw new UserError("name a benchmark: gcn, gem");
    }

    @Command(name = "gcn", mixinStandardHelpOptions = true,
            description = "2-layer GCN (128 -> 64 -> 16) on a random graph: one step of forward, backward and Adam.")
    static final class Gcn implements Callable<Integer> {
        @Option(names = "--nodes", defaultValue = "100000", description = "Nodes (default ${DEFAULT-VALUE}).")
        int nodes;
        @Option(names = "--edges", defaultValue = "1000000", description = "Edges before self loops (default ${DEFAULT-VALUE}).")
        int edges;
        @Option(names = "--steps", defaultValue = "10", description = "Timed steps; the median is reported (default ${DEFAULT-VALUE}).")
        int steps;
        @Option(names = "--warmup", defaultValue = "3", description = "Untimed steps first (default ${DEFAULT-VALUE}).")
        int warmup;
        @Option(names = "--concurrency", description = "Threads for both sides (default: all processors).")
        Integer concurrency;
        @Option(names = "--seed", defaultValue = "42")
        long seed;
        @Option(names = "--no-pytorch", description = "Skip the PyTorch peer.")
        boolean noPeer;

        @Override
        public Integer call() throws Exception {
            if (concurrency != null) {
                Concurrency.setDefault(concurrency);
            }
            Path work = Files.createTempDirectory("erlangen-bench");
            System.out.printf(Locale.ROOT, "GCN step: %,d nodes, %,d edges + self loops, 128 -> 64 -> 16, %d threads, "
                    + "Vector API kernels: %s%n", nodes, edges, Concurrency.level(), Kernels.vectorized());
            var result = new GcnBench(nodes, edges, 128, 64, 16, seed).run(steps, warmup, work, !noPeer);
            System.out.printf(Locale.ROOT, "erlangen        %8.1f ms (median of %d steps)%n", result.erlangenMs(), steps);
            Figures figures = new Figures().put("erlangen_ms", result.erlangenMs(), 1);
            if (result.pytorchMs() != null) {
                System.out.printf(Locale.ROOT, "pytorch coo     %8.1f ms%npytorch csr     %8.1f ms   (%s, BLAS %s)%n"
                        + "pytorch csr with the transpose built once: %.1f ms (reported apart, not in the ratio)%n",
                        result.cooMs(), result.csrMs(), result.peerNote(), result.blas(), result.csrCachedMs());
                if (!result.blas().contains("openblas")) {
                    System.out.println("note: PyTorch is not using OpenBLAS; its dense products may be several times "
                            + "slower (apt-get install libopenblas0-pthread)");
                }
                System.out.printf(Locale.ROOT, "largest relative loss difference over %d steps: %.2e%n",
                        result.losses().length, result.lossDifference());
                if (result.lossDifference() > 1e-3) {
                    throw new IllegalStateException("Erlangen and PyTorch disagree on the loss: "
                            + result.lossDifference());
                }
                figures.put("pytorch_ms", result.pytorchMs(), 1)
                        .put("ratio", result.erlangenMs() / result.pytorchMs(), 3)
                        .put("pytorch_coo_ms", result.cooMs(), 1)
                        .put("pytorch_csr_ms", result.csrMs(), 1)
                        .put("pytorch_csr_cached_ms", result.csrCachedMs(), 1)
                        .put("loss_rel_diff", String.format(Locale.ROOT, "%.1e", result.lossDifference()));
            } else {
                System.out.println("PyTorch peer not run: " + result.peerNote());
            }
            figures.put("threads", result.threads());
            figures.print();
            return 0;
        }
    }

    @Command(name = "gem", mixinStandardHelpOptions = true,
            description = "One GEM convolution (16x0+16x1+16x2 in and out) forward and backward on an icosphere of "
                    + "10,242 vertices.")
    static final class Gem implements Callable<Integer> {
        @Option(names = "--runs", defaultValue = "10", description = "Timed runs; the median is reported.")
        int runs;
        @Option(names = "--warmup", defaultValue = "3")
        int warmup;
        @Option(names = "--concurrency", description = "Threads (default: all processors).")
        Integer concurrency;

        @Override
        public Integer call() {
            if (concurrency != null) {
                Concurrency.setDefault(concurrency);
            }
            var result = org.erlangen.bench.GemBench.standard().run(runs, warmup);
            System.out.println(result.line());
            return 0;
        }
    }
}
