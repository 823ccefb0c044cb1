package org.erlangen.cli;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar for long work that shows the latest loss and metrics beside it. */
public final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    public Progress(String task, long total) {
        bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .continuousUpdate()
                .build();
    }

    /** Advances one unit and shows {@code figures} (name to value). */
    public void step(Map<String, Double> figures) {
        bar.setExtraMessage(figures.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s=%.4f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(" ")));
        bar.step();
    }

    @Override
    public void close() {
        bar.close();
    }
}
