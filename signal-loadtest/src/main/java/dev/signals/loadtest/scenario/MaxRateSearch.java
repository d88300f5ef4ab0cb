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
        double good = 0;
        double bad = Double.POSITIVE_INFINITY;
        boolean badBecauseGenerator = false;
        for (double rate = startRate; rate <= ceiling; rate *= 2) {
            Window w = confirmed(rate);
            if (w.sustainable(p99LimitMs)) {
                good = rate;
            } else {
                bad = rate;
                badBecauseGenerator = w.behind();
                break;
            }
        }
        if (good == 0 && !badBecauseGenerator) {
            for (double rate = startRate / 2; rate >= 1 && good == 0; rate /= 2) {
                Window w = confirmed(rate);
                if (w.sustainable(p99LimitMs)) {
                    good = rate;
                } else {
                    bad = rate;
                    badBecauseGenerator = w.behind();
                }
            }
        }
        for (int i = 0; i < BISECTIONS && good > 0 && Double.isFinite(bad) && bad / good > 1.05; i++) {
            double mid = Math.round((good + bad) / 2);
            Window w = confirmed(mid);
            if (w.sustainable(p99LimitMs)) {
                good = mid;
            } else {
                bad = mid;
                badBecauseGenerator = w.behind();
            }
        }
        return new Outcome(good, Double.isFinite(bad) && badBecauseGenerator, List.copyOf(steps));
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
