package dev.signals.core.domain;

import dev.signals.core.backplane.BusArray;

/**
 * The bytes of {@link DomainBusMessage}s: {@code ["m",domain,type,frame]} (written here) and
 * {@code ["c",domain,conn]} (written by the directory's scripts).
 */
public final class DomainBusCodec {
    private static final String DELIVER = "m";
    private static final String CLOSE = "c";

    public String deliver(String domain, String type, String frame) {
        return BusArray.write(DELIVER, domain, type, frame);
    }

    /** Reads one message; throws {@link IllegalArgumentException} on anything malformed. */
    public DomainBusMessage decode(String payload) {
        BusArray message = BusArray.parse(payload, "domain bus message");
        if (message.is(DELIVER, 4)) {
            return new DomainBusMessage.Deliver(message.text(1), message.text(2), message.text(3));
        }
        if (message.is(CLOSE, 3)) {
            return new DomainBusMessage.Close(message.text(1), message.text(2));
        }
        throw new IllegalArgumentException("unknown domain bus message");
    }
}
