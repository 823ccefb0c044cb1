package org.erlangen.molecules;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.erlangen.gnn.tasks.Evaluation;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A PNG of predicted against true values, one colour per series, with the diagonal where they agree. */
public final class ParityPlot {
    /** Points of one series. */
    public record Series(String name, Evaluation points) {
    }

    private ParityPlot() {
    }

    public static void write(Path png, String title, String axis, List<Series> series) throws IOException {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("a parity plot needs at least one series");
        }
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(700).height(700).title(title).xAxisTitle("true " + axis)
                .yAxisTitle("predicted " + axis).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(4);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            double[] x = s.points().targets();
            double[] y = s.points().predictions();
            for (int i = 0; i < x.length; i++) {
                lo = Math.min(lo, Math.min(x[i], y[i]));
                hi = Math.max(hi, Math.max(x[i], y[i]));
            }
            chart.addSeries(s.name(), x, y);
        }
        XYSeries diagonal = chart.addSeries("y = x", new double[] {lo, hi}, new double[] {lo, hi});
        diagonal.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        diagonal.setMarker(SeriesMarkers.NONE);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
