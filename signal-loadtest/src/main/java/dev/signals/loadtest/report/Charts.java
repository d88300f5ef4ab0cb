package dev.signals.loadtest.report;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's PNG charts, drawn with XChart: latency percentile curves (one per run) on a
 * "nines" axis, where 90 %, 99 %, 99.9 %… are equally spaced, and throughput over time with each
 * warm-up shaded. Works headless.
 */
public final class Charts {
    private static final int WIDTH = 960;
    private static final int HEIGHT = 540;
    private static final Color WARMUP = new Color(0, 0, 0, 28);

    private Charts() {
    }

    /** The latency-by-percentile curve of a microsecond histogram, as [percentile, ms] pairs. */
    public static List<List<Double>> percentileCurve(Histogram micros) {
        List<List<Double>> points = new ArrayList<>();
        if (micros.getTotalCount() == 0) {
            return points;
        }
        for (HistogramIterationValue v : micros.percentiles(5)) {
            double p = v.getPercentileLevelIteratedTo();
            points.add(List.of(p, v.getValueIteratedTo() / 1000.0));
            if (p >= 100.0) {
                break;
            }
        }
        return points;
    }

    /** Where percentile {@code p} sits on the nines axis: 0 at 0 %, 1 at 90 %, 2 at 99 %… */
    static double nines(double p) {
        return Math.log10(100 / (100 - Math.min(p, 99.99999)));
    }

    /** The percentile at {@code x} on the nines axis, as a tick label ("99.9%"). */
    static String percentLabel(double x) {
        double p = 100 - 100 / Math.pow(10, x);
        // As many decimals as the tick has nines past the first: 68%, 96.8%, 99.68%, 99.9%.
        int decimals = Math.max(0, (int) Math.ceil(x - 1e-9) - 1);
        String s = String.format(Locale.ROOT, "%." + decimals + "f", p);
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s + "%";
    }

    /** Latency percentile curves of one or more runs in one chart. */
    public static void latency(List<RunReport> runs, String title, Path png) throws IOException {
        XYChart chart = chart(title, "percentile", "latency (ms)");
        chart.getStyler().setxAxisTickLabelsFormattingFunction(Charts::percentLabel);
        Set<String> names = new HashSet<>();
        for (RunReport r : runs) {
            List<List<Double>> curve = r.percentileCurve();
            if (curve.isEmpty()) {
                continue;
            }
            double[] xs = new double[curve.size()];
            double[] ys = new double[curve.size()];
            for (int i = 0; i < curve.size(); i++) {
                double p = curve.get(i).get(0);
                // 100 % is infinitely far on the nines scale: draw the maximum one decade on.
                xs[i] = p >= 100 && i > 0 ? xs[i - 1] + 1 : nines(p);
                ys[i] = curve.get(i).get(1);
            }
            // XChart wants one name per series; two runs may carry the same label.
            String name = r.label();
            for (int n = 2; !names.add(name); n++) {
                name = r.label() + " (" + n + ")";
            }
            chart.addSeries(name, xs, ys).setMarker(SeriesMarkers.NONE);
        }
        write(chart, png);
    }

    /** Sent and received per second over the run, each warm-up shaded. */
    public static void throughput(RunReport run, Path png) throws IOException {
        List<TimelinePoint> points = run.timeline();
        XYChart chart = chart(run.scenario() + " — " + run.label() + ": throughput", "time (s)", "per second");
        double top = 1;
        if (!points.isEmpty()) {
            double[] t = new double[points.size()];
            double[] sent = new double[points.size()];
            double[] received = new double[points.size()];
            for (int i = 0; i < points.size(); i++) {
                TimelinePoint p = points.get(i);
                t[i] = p.t();
                sent[i] = p.sent();
                received[i] = p.received();
                top = Math.max(top, Math.max(p.sent(), p.received()));
            }
            shadeWarmups(chart, points, top * 1.05);
            chart.addSeries("sent/s", t, sent).setMarker(SeriesMarkers.NONE);
            chart.addSeries("received/s", t, received).setMarker(SeriesMarkers.NONE);
        }
        write(chart, png);
    }

    /** One shaded area per run of warm-up seconds; a point covers the second before it. */
    private static void shadeWarmups(XYChart chart, List<TimelinePoint> points, double height) {
        int start = -1;
        int bands = 0;
        for (int i = 0; i <= points.size(); i++) {
            boolean warm = i < points.size() && points.get(i).phase().equals("warmup");
            if (warm && start < 0) {
                start = i;
            } else if (!warm && start >= 0) {
                double from = Math.max(0, points.get(start).t() - 1);
                double to = points.get(i - 1).t();
                XYSeries band = chart.addSeries(bands == 0 ? "warm-up" : "warm-up " + bands,
                        new double[] {from, to}, new double[] {height, height});
                band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
                band.setFillColor(WARMUP);
                band.setLineColor(WARMUP);
                band.setMarker(SeriesMarkers.NONE);
                band.setShowInLegend(bands == 0);
                bands++;
                start = -1;
            }
        }
    }

    private static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        return chart;
    }

    private static void write(XYChart chart, Path png) throws IOException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
