package org.erlangen.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A PNG of the training curves: loss (left axis) and validation metric (right axis) per epoch, one line per run. */
final class TrainingCurves {
    private TrainingCurves() {
    }

    record Curve(String name, List<Double> loss, List<Double> metric) {
    }

    static void write(Path png, String title, String metricName, List<Curve> curves) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(500).title(title).xAxisTitle("epoch").build();
        chart.setYAxisGroupTitle(0, "training loss");
        chart.setYAxisGroupTitle(1, metricName);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        for (Curve c : curves) {
            addSeries(chart, c.name() + " loss", c.loss(), 0);
            if (c.metric().stream().anyMatch(v -> !Double.isNaN(v))) {
                addSeries(chart, c.name() + " " + metricName, c.metric(), 1);
            }
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void addSeries(XYChart chart, String name, List<Double> values, int axis) {
        double[] x = new double[values.size()];
        double[] y = new double[values.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
            y[i] = values.get(i);
        }
        XYSeries series = chart.addSeries(name, x, y);
        series.setYAxisGroup(axis);
        series.setMarker(SeriesMarkers.NONE);
    }
}
