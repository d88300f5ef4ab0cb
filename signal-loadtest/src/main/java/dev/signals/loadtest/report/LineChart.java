package dev.signals.loadtest.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import javax.imageio.ImageIO;

/**
 * A small line chart drawn with plain Java2D into a PNG: one or more named series, a linear y
 * axis from zero, and an x axis that is either linear or the "percentile" scale (ticks at 90 %,
 * 99 %, 99.9 %… equally spaced) latency curves need. Works headless.
 */
final class LineChart {
    private static final int WIDTH = 960;
    private static final int HEIGHT = 540;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
    };

    private record Series(String name, double[] xs, double[] ys) {
    }

    private record Band(double from, double to, String label) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private final List<Band> bands = new ArrayList<>();
    private boolean percentileX;

    LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** x values are percentiles (0–100) drawn on the log "nines" scale. */
    LineChart percentileAxis() {
        this.percentileX = true;
        return this;
    }

    LineChart add(String name, double[] xs, double[] ys) {
        series.add(new Series(name, xs, ys));
        return this;
    }

    /** A shaded x range, e.g. the warm-up. */
    LineChart band(double from, double to, String label) {
        bands.add(new Band(from, to, label));
        return this;
    }

    /** Position of a percentile on the nines scale: 0 → 0, 90 → 1, 99 → 2, 99.9 → 3. */
    static double nines(double percentile) {
        double p = Math.min(percentile, 99.9999);
        return Math.log10(100.0 / (100.0 - p));
    }

    void write(Path file) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            draw(g);
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private void draw(Graphics2D g) {
        DoubleFunction<Double> fx = percentileX ? LineChart::nines : x -> x;
        double xMin = Double.MAX_VALUE;
        double xMax = -Double.MAX_VALUE;
        double yMax = 0;
        for (Series s : series) {
            for (int i = 0; i < s.xs.length; i++) {
                xMin = Math.min(xMin, fx.apply(s.xs[i]));
                xMax = Math.max(xMax, fx.apply(s.xs[i]));
                yMax = Math.max(yMax, s.ys[i]);
            }
        }
        if (xMin > xMax) {
            xMin = 0;
            xMax = 1;
        }
        if (percentileX) {
            xMin = 0;
            xMax = Math.max(2, Math.ceil(xMax));
        } else if (xMax <= xMin) {
            xMax = xMin + 1;
        }
        double[] yTicks = Ticks.nice(0, yMax <= 0 ? 1 : yMax, 6);
        double yTop = yTicks[yTicks.length - 1];
        Plot plot = new Plot(xMin, xMax, yTop);

        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.BLACK);
        g.drawString(title, LEFT, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (Band b : bands) {
            int x0 = plot.x(fx.apply(b.from));
            int x1 = plot.x(fx.apply(b.to));
            g.setColor(new Color(0xeeeeee));
            g.fillRect(x0, TOP, Math.max(1, x1 - x0), plot.height());
            g.setColor(Color.GRAY);
            g.drawString(b.label, x0 + 4, TOP + 14);
        }
        drawAxes(g, plot, yTicks, xMin, xMax);
        drawSeries(g, plot, fx);
    }

    private void drawAxes(Graphics2D g, Plot plot, double[] yTicks, double xMin, double xMax) {
        FontMetrics fm = g.getFontMetrics();
        for (double y : yTicks) {
            int py = plot.y(y);
            g.setColor(new Color(0xdddddd));
            g.drawLine(LEFT, py, WIDTH - RIGHT, py);
            g.setColor(Color.DARK_GRAY);
            String label = Ticks.format(y);
            g.drawString(label, LEFT - 8 - fm.stringWidth(label), py + 4);
        }
        double[] xTicks = percentileX ? wholeSteps(xMax) : Ticks.nice(xMin, xMax, 10);
        for (double x : xTicks) {
            if (x < xMin || x > xMax) {
                continue;
            }
            int px = plot.x(x);
            g.setColor(new Color(0xdddddd));
            g.drawLine(px, TOP, px, TOP + plot.height());
            g.setColor(Color.DARK_GRAY);
            String label = percentileX ? percentileLabel(x) : Ticks.format(x);
            g.drawString(label, px - fm.stringWidth(label) / 2, TOP + plot.height() + 18);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plot.width(), plot.height());
        g.drawString(xLabel, LEFT + plot.width() / 2 - fm.stringWidth(xLabel) / 2, HEIGHT - 20);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString(yLabel, -(TOP + plot.height() / 2 + fm.stringWidth(yLabel) / 2), 20);
        rotated.dispose();
    }

    private void drawSeries(Graphics2D g, Plot plot, DoubleFunction<Double> fx) {
        FontMetrics fm = g.getFontMetrics();
        int legendX = LEFT + plot.width();
        for (int i = series.size() - 1; i >= 0; i--) {
            legendX -= fm.stringWidth(series.get(i).name) + 44;
        }
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            Color color = PALETTE[i % PALETTE.length];
            g.setColor(color);
            g.setStroke(new BasicStroke(2f));
            Path2D path = new Path2D.Double();
            for (int j = 0; j < s.xs.length; j++) {
                double px = plot.x(fx.apply(s.xs[j]));
                double py = plot.y(s.ys[j]);
                if (j == 0) {
                    path.moveTo(px, py);
                } else {
                    path.lineTo(px, py);
                }
            }
            g.draw(path);
            // Legend in one row above the plot, right-aligned, so it never hides a curve.
            g.drawLine(legendX, TOP - 12, legendX + 22, TOP - 12);
            g.setColor(Color.BLACK);
            g.drawString(s.name, legendX + 28, TOP - 8);
            legendX += fm.stringWidth(s.name) + 44;
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static double[] wholeSteps(double max) {
        double[] out = new double[(int) max + 1];
        for (int i = 0; i < out.length; i++) {
            out[i] = i;
        }
        return out;
    }

    /** 0 → "0%", 1 → "90%", 2 → "99%", 3 → "99.9%". */
    static String percentileLabel(double nines) {
        int n = (int) Math.round(nines);
        if (n == 0) {
            return "0%";
        }
        StringBuilder sb = new StringBuilder("9");
        sb.append(n == 1 ? "0" : "9");
        if (n > 2) {
            sb.append('.').append("9".repeat(n - 2));
        }
        return sb.append('%').toString();
    }

    /** Maps data coordinates into the plot rectangle. */
    private record Plot(double xMin, double xMax, double yMax) {
        int width() {
            return WIDTH - LEFT - RIGHT;
        }

        int height() {
            return HEIGHT - TOP - BOTTOM;
        }

        int x(double v) {
            return LEFT + (int) Math.round((v - xMin) / (xMax - xMin) * width());
        }

        int y(double v) {
            return TOP + height() - (int) Math.round(Math.min(v, yMax) / yMax * height());
        }
    }

    /** Round-number axis ticks. */
    static final class Ticks {
        private Ticks() {
        }

        /** Evenly spaced ticks covering [min, max] with a 1/2/5 × 10^n step, about {@code count} of them. */
        static double[] nice(double min, double max, int count) {
            double range = Math.max(max - min, 1e-9);
            double raw = range / count;
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double step = magnitude;
            for (double m : new double[] {1, 2, 2.5, 5, 10}) {
                if (m * magnitude >= raw) {
                    step = m * magnitude;
                    break;
                }
            }
            double start = Math.floor(min / step) * step;
            int n = (int) Math.ceil((max - start) / step - 1e-9) + 1;
            double[] ticks = new double[Math.max(2, n)];
            for (int i = 0; i < ticks.length; i++) {
                ticks[i] = start + i * step;
            }
            return ticks;
        }

        static String format(double v) {
            if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                return String.format(Locale.ROOT, "%d", (long) v);
            }
            return String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
        }
    }
}
