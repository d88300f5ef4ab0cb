package dev.signals.loadtest.cli;

import dev.signals.loadtest.scenario.FixedRateRun;
import dev.signals.loadtest.scenario.RunSettings;
import dev.signals.loadtest.scenario.Scenario;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** Base of the exchange commands: common options, a fixed-rate run or a maximum-rate search, exit status from its errors. */
abstract class ExchangeCommand implements Callable<Integer> {
    @Mixin
    TargetOptions target;

    @Mixin
    LoadOptions load;

    @Mixin
    ExchangeOptions exchange;

    @Mixin
    SearchOptions search;

    abstract String scenarioName();

    abstract Scenario scenario();

    @Override
    public Integer call() throws Exception {
        search.check(load.shard());
        RunSettings settings = load.apply(target.settings(scenarioName()), 0);
        try (FixedRateRun run = new FixedRateRun(scenario(), settings)) {
            return search.execute(run, settings);
        }
    }
}
