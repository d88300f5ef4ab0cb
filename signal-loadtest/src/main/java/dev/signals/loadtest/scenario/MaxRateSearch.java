package dev.signals.loadtest.scenario;

import dev.signals.loadtest.report.RunReport;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Finds the highest rate a server sustains (no errors, p99 within a limit, generator on
 * schedule) by short windows on the same connections: doubling from a start rate until a
 * window fails, then bisecting between the last pass and the first failure. A rate fails only
 * when two windows in a row fail. When the lowest failing rate failed because the generator fell
 * behind, the result is marked generator-limited: the server may well sustain more.
 */
public final class MaxRateSearch {
    private static final int BISECTIONS = 4;
    private static final Duration COOL_DOWN = Duration.ofSeconds(2);

    /** The search's answer: the best sustained rate (0 if none), whether the generator capped it, every window. */
    public record Outcome(double maxRate, boolean generatorLimited, List<RunReport.Step> steps) {
    }

    private final FixedRateRun run;
    private final double p99LimitMs;
    private final Duration stepWarmup;
    private final Duration stepDuration;
    private final PrintStream out;
    private final List<RunReport.Step> steps = new ArrayList<>();

    public MaxRateSearch(FixedRateRun run, double p99LimitMs, Duration stepWarmup, Duration stepDuration, PrintStream out) {
        this.run = run;
        this.p99LimitMs = p99LimitMs;
        this.stepWarmup = stepWarmup;
        this.stepDuration = stepDuration;
        this.out = out;
    }

    public Outcome search(double startRate, double ceiling) throws Exception {
        Bracket b = new Bracket();
        double up = startRate;
        while (up <= ceiling && b.record(up, confirmed(up))) {
            up *= 2;
        }
        double down = startRate / 2;
        while (b.good == 0 && down >= 1 && !b.record(down, confirmed(down))) {
            down /= 2;
        }
        for (int i = 0; i < BISECTIONS && b.good > 0 && Double.isFinite(b.bad) && b.bad / b.good > 1.05; i++) {
            double mid = Math.round((b.good + b.bad) / 2);
            b.record(mid, confirmed(mid));
        }
        return new Outcome(b.good, Double.isFinite(b.bad) && b.badBecauseGenerator, List.copyOf(steps));
    }

    /** The highest sustained rate and the lowest failed one found so far. */
    private final class Bracket {
        double good;
        double bad = Double.POSITIVE_INFINITY;
        boolean badBecauseGenerator;

        /** Files a window under its rate; returns whether it was sustained. */
        boolean record(double rate, Window w) {
            if (w.sustainable(p99LimitMs)) {
                good = Math.max(good, rate);
                return true;
            }
            if (rate < bad) {
                bad = rate;
                badBecauseGenerator = w.behind();
            }
            return false;
        }
    }

    /**
     * A window at {@code rate}, repeated once if it failed: on a shared machine one stall of the
     * server's or the generator's CPU fails a short window, and a rate is only declared
     * unsustainable when it fails twice in a row.
     */
    private Window confirmed(double rate) throws Exception {
        Window w = step(rate);
        return w.sustainable(p99LimitMs) ? w : step(rate);
    }

    private Window step(double rate) throws Exception {
        if (!run.healthy()) {
            out.println("search: connections were lost; setting up again");
            run.resetup();
        }
        Window w = run.window(rate, stepWarmup, stepDuration);
        boolean ok = w.sustainable(p99LimitMs);
        steps.add(new RunReport.Step(rate, round(w.throughput()), round(w.p50Ms()), round(w.p99Ms()), w.errors(), w.behind(), ok));
        out.println(String.format(Locale.ROOT, "search: %.0f/s -> throughput %.0f/s p99 %.2fms errors %d%s: %s",
                rate, w.throughput(), w.p99Ms(), w.errors(), w.behind() ? " (generator behind)" : "",
                ok ? "sustained" : "not sustained"));
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(COOL_DOWN.toMillis()));
        return w;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
