package dev.signals.server.security;

import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A small property runner: {@code tries} inputs drawn from a seeded generator, each checked
 * against the server. The seed is random per run and printed with any failure; run again with
 * {@code -Dsignal.fuzz.seed=N} to replay exactly that run.
 */
final class Property {
    static final long SEED = Long.getLong("signal.fuzz.seed", System.nanoTime());

    /** A check of one input against a live node. */
    interface Check {
        void run(HostileInputs.Input input) throws Exception;
    }

    private Property() {
    }

    static void forAll(String name, int tries, Function<HostileInputs, HostileInputs.Input> generator, Check check)
            throws Exception {
        SplittableRandom base = new SplittableRandom(SEED ^ name.hashCode());
        for (int i = 0; i < tries; i++) {
            HostileInputs.Input input = generator.apply(new HostileInputs(base.split()));
            try {
                check.run(input);
            } catch (AssertionError | Exception e) {
                throw new AssertionError(name + ": try " + i + " of " + tries + " failed (replay with -Dsignal.fuzz.seed="
                        + SEED + "); input: " + input.describe() + "\n" + e, e);
            }
        }
    }
}
