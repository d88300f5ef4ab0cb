package dev.signals.loadtest.cli;

import dev.signals.loadtest.report.RunReport;

/** Exit status of a run: 0 clean, 1 completed with errors, 2 bad usage, 3 could not run. */
final class ExitCodes {
    static final int OK = 0;
    static final int ERRORS = 1;
    static final int FAILED = 3;

    private ExitCodes() {
    }

    static int of(RunReport report) {
        return report.errors() == 0 && report.warmupErrors() == 0 ? OK : ERRORS;
    }
}
