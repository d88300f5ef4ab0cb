package dev.signals.loadtest.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/** The report's PNG charts: latency percentile curves (one per run) and throughput over time. */
public final class Charts {
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

    /** Latency percentile curves of one or more runs in one chart. */
    public static void latency(List<RunReport> runs, String title, Path png) throws IOException {
        LineChart chart = new LineChart(title, "percentile", "latency (ms)").percentileAxis();
        for (RunReport r : runs) {
            List<List<Double>> curve = r.percentileCurve();
            double[] xs = new double[curve.size()];
            double[] ys = new double[curve.size()];
            for (int i = 0; i < curve.size(); i++) {
                xs[i] = curve.get(i).get(0);
                ys[i] = curve.get(i).get(1);
                if (xs[i] >= 100 && i > 0) {
                    // 100 % is infinitely far on the nines scale: draw the maximum one decade on.
                    xs[i] = 100 - (100 - xs[i - 1]) / 10;
                }
            }
            chart.add(r.label(), xs, ys);
        }
        chart.write(png);
    }

    /** Sent and received per second over the run, each warm-up shaded. */
    public static void throughput(RunReport run, Path png) throws IOException {
        List<TimelinePoint> points = run.timeline();
        double[] t = new double[points.size()];
        double[] sent = new double[points.size()];
        double[] received = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            TimelinePoint p = points.get(i);
            t[i] = p.t();
            sent[i] = p.sent();
            received[i] = p.received();
        }
        LineChart chart = new LineChart(run.scenario() + " — " + run.label() + ": throughput", "time (s)", "per second")
                .add("sent/s", t, sent).add("received/s", t, received);
        // A point covers the second before it; a search has one warm-up per window.
        int start = -1;
        for (int i = 0; i <= points.size(); i++) {
            boolean warm = i < points.size() && points.get(i).phase().equals("warmup");
            if (warm && start < 0) {
                start = i;
            } else if (!warm && start >= 0) {
                chart.band(Math.max(0, points.get(start).t() - 1), points.get(i - 1).t(), start == firstWarmup(points) ? "warm-up" : "");
                start = -1;
            }
        }
        chart.write(png);
    }

    private static int firstWarmup(List<TimelinePoint> points) {
        for (int i = 0; i < points.size(); i++) {
            if (points.get(i).phase().equals("warmup")) {
                return i;
            }
        }
        return -1;
    }
}
