package dev.signals.loadtest.cli;

import dev.signals.loadtest.engine.Shard;
import dev.signals.loadtest.report.RunReport;
import dev.signals.loadtest.scenario.FixedRateRun;
import dev.signals.loadtest.scenario.MaxRateSearch;
import dev.signals.loadtest.scenario.RunSettings;
import dev.signals.loadtest.scenario.Window;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The maximum-rate search of the fixed-rate scenarios: without {@code --find-max-rate} a run is
 * one window at {@code --rate}; with it, the search runs first and the measured window is at
 * {@code --final-load} of the rate found.
 */
public final class SearchOptions {
    /** Warm-up of each search step; the JITs are warm by then, so it only lets the new rate settle. */
    private static final Duration STEP_WARMUP = Duration.ofSeconds(2);
    /** Warm-up of the final window at a new, lower rate; warm JITs, so only a settling time too. */
    private static final Duration FINAL_WARMUP = Duration.ofSeconds(4);

    @Option(names = "--find-max-rate", description = "search the highest sustainable rate first (p99 within --p99-limit, "
            + "no errors, generator on schedule), then measure at --final-load of it for --duration. --warmup is spent "
            + "once, stepping up to half the start rate; each step and the final window warm up for a few seconds")
    boolean findMaxRate;

    @Option(names = "--p99-limit", defaultValue = "50", paramLabel = "MS", description = "search: p99 limit in ms (default: ${DEFAULT-VALUE})")
    double p99LimitMs;

    @Option(names = "--start-rate", defaultValue = "1000", paramLabel = "PER_SECOND",
            description = "search: first rate tried (default: ${DEFAULT-VALUE})")
    double startRate;

    @Option(names = "--max-rate", defaultValue = "1000000", paramLabel = "PER_SECOND",
            description = "search: highest rate tried (default: ${DEFAULT-VALUE})")
    double maxRate;

    @Option(names = "--step-duration", converter = DurationConverter.class, defaultValue = "10s", paramLabel = "DURATION",
            description = "search: measured time per step, after a 2s warm-up (default: ${DEFAULT-VALUE})")
    Duration stepDuration;

    @Option(names = "--final-load", defaultValue = "0.5", paramLabel = "SHARE",
            description = "search: share of the maximum used for the final measurement (default: ${DEFAULT-VALUE})")
    double finalLoad;

    /** A search adapts its rate to what it sees, which shards in separate processes cannot agree on. */
    void check(Shard shard) {
        if (findMaxRate && !shard.whole()) {
            throw new IllegalArgumentException("--find-max-rate cannot be split into shards; give each shard a fixed --rate");
        }
    }

    /** Runs {@code run} as asked: one window, or the search and then one window; returns the exit status. */
    int execute(FixedRateRun run, RunSettings settings) throws Exception {
        if (!findMaxRate) {
            return ExitCodes.of(run.runOnce());
        }
        run.setup();
        // Warm both JITs up, stepping up to half the first rate, before the first short step; not reported.
        Duration lastStage = run.rampUp(startRate / 2, settings.warmup());
        run.window(startRate / 2, lastStage, Duration.ZERO);
        MaxRateSearch.Outcome outcome = new MaxRateSearch(run, p99LimitMs, STEP_WARMUP, stepDuration, settings.out())
                .search(startRate, maxRate);
        if (outcome.maxRate() <= 0) {
            settings.out().println("search: no rate was sustained");
        }
        double finalRate = Math.max(1, outcome.maxRate() * finalLoad);
        settings.out().println("measuring at " + finalRate + "/s (" + finalLoad + " of " + outcome.maxRate() + "/s"
                + (outcome.generatorLimited() ? ", generator-limited" : "") + ")");
        if (!run.healthy()) {
            run.resetup();
        }
        Window w = run.window(finalRate, FINAL_WARMUP, settings.duration());
        RunReport report = run.finish(w, outcome.maxRate(), outcome.steps());
        return ExitCodes.of(report);
    }
}
