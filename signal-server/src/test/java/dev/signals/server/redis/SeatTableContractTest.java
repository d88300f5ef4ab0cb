package dev.signals.server.redis;

import dev.signals.core.call.SeatTable;
import java.time.Clock;
import java.time.Duration;

/** {@link SeatContract} on a standalone node's {@link SeatTable}, on the JVM's clock. */
class SeatTableContractTest extends SeatContract {
    @Override
    Seats seats(int count, Duration timeout) {
        SeatTable table = new SeatTable(count, timeout, Clock.systemUTC());
        return new Seats() {
            @Override
            public boolean take(String call, String session) {
                return table.tryAcquire(call, session);
            }

            @Override
            public boolean seated(String call, String session) {
                return table.isSeated(call, session);
            }

            @Override
            public boolean renew(String call, String session) {
                return table.tryRenew(call, session);
            }
        };
    }

    @Override
    Duration idleBound() {
        return null;
    }

    @Override
    Duration idleBoundLeft(String call) {
        return null; // SeatTable has no idle bound: without a timeout only the node's end frees a seat
    }
}
