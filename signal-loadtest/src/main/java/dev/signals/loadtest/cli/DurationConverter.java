package dev.signals.loadtest.cli;

import dev.signals.loadtest.engine.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** picocli converter for {@code 500ms}, {@code 5s}, {@code 2m}. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
