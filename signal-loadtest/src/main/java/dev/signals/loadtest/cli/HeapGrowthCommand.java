package dev.signals.loadtest.cli;

import dev.signals.loadtest.engine.HeapHistogram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code heap-growth}: what the live heap gained between two histograms, per connection, by class. */
@Command(name = "heap-growth", mixinStandardHelpOptions = true,
        description = "Prints a Markdown table of the live-heap growth per unit between two histograms written by "
                + "'probe --gc --histogram-out' (or jcmd PID GC.class_histogram), largest classes first.")
public final class HeapGrowthCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BEFORE")
    Path before;

    @Parameters(index = "1", paramLabel = "AFTER")
    Path after;

    @Option(names = "--units", required = true, paramLabel = "N", description = "what to divide by (connections held)")
    long units;

    @Option(names = "--top", paramLabel = "N", defaultValue = "40", description = "classes listed (default: ${DEFAULT-VALUE})")
    int top;

    @Override
    public Integer call() throws IOException {
        HeapHistogram b = HeapHistogram.parse(Files.readString(before));
        HeapHistogram a = HeapHistogram.parse(Files.readString(after));
        if (b.totalBytes() < 0 || a.totalBytes() < 0 || units <= 0) {
            throw new IllegalArgumentException("two class histograms and --units > 0 are needed");
        }
        System.out.print(a.growthTable(b, units, top));
        return ExitCodes.OK;
    }
}
