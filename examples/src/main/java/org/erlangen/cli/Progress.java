package org.erlangen.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.erlangen.train.TrainingListener;

/**
 * Training as the command line shows it: on a terminal, a progress bar with the latest loss and validation metrics;
 * when output goes elsewhere (a file, a pipe, CI), one line per epoch instead of a stream of redraws. It keeps every
 * epoch, for the curves and metrics files.
 */
public final class Progress implements TrainingListener, AutoCloseable {
    private final String task;
    private final long total;
    private final ProgressBar bar;
    private final List<Epoch> epochs = new ArrayList<>();
    private final int batchesPerEpoch;

    public Progress(String task, long total) {
        this(task, total, 0);
    }

    private Progress(String task, long total, int batchesPerEpoch) {
        this.task = task;
        this.total = total;
        this.batchesPerEpoch = batchesPerEpoch;
        this.bar = System.console() == null ? null : new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(batchesPerEpoch > 0 ? total * batchesPerEpoch : total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .continuousUpdate()
                .build();
    }

    /**
     * For mini-batch training: the bar advances with every batch of {@code epochs} epochs of {@code batchesPerEpoch}
     * batches; without a terminal it still prints one line per epoch.
     */
    public static Progress perBatch(String task, long epochs, int batchesPerEpoch) {
        if (batchesPerEpoch < 1) {
            throw new IllegalArgumentException("an epoch has at least one batch, got " + batchesPerEpoch);
        }
        return new Progress(task, epochs, batchesPerEpoch);
    }

    @Override
    public void batch(int epoch, int batch, int batches, double loss) {
        if (bar != null && batchesPerEpoch > 0) {
            bar.setExtraMessage(String.format(Locale.ROOT, "epoch %d batch %d/%d loss=%.4f", epoch, batch, batches,
                    loss));
            bar.step();
        }
    }

    @Override
    public void epoch(Epoch e) {
        epochs.add(e);
        Map<String, Double> shown = new LinkedHashMap<>();
        shown.put("loss", e.loss());
        shown.putAll(e.metrics());
        String figures = shown.entrySet().stream()
                .map(f -> String.format(Locale.ROOT, "%s=%.4f", f.getKey(), f.getValue()))
                .collect(Collectors.joining(" "));
        if (bar == null) {
            System.out.printf(Locale.ROOT, "%s epoch %d/%d %s%n", task, e.epoch(), total, figures);
            return;
        }
        bar.setExtraMessage(figures);
        if (batchesPerEpoch == 0) {
            bar.step();
        }
    }

    /** The training loss of every epoch so far. */
    public List<Double> losses() {
        return epochs.stream().map(Epoch::loss).toList();
    }

    /** A validation metric of every epoch so far (NaN where an epoch did not report it). */
    public List<Double> metric(String name) {
        return epochs.stream().map(e -> e.metric(name)).toList();
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
