package dev.signals.core.call;

import dev.signals.core.backplane.BusArray;

/**
 * Reads {@link CallBusMessage}s, which the directory's scripts write: {@code ["e",call,session,kind,body]}
 * (an event {@code session} caused; {@code body} empty but for OFFER and ANSWER) and
 * {@code ["r",call,session,conn]}.
 */
public final class CallBusCodec {
    private static final String EVENT = "e";
    private static final String REPLACED = "r";

    /** Reads one message; throws {@link IllegalArgumentException} on anything malformed. */
    public CallBusMessage decode(String payload) {
        BusArray message = BusArray.parse(payload, "call bus message");
        if (message.is(EVENT, 5)) {
            return new CallBusMessage.Published(event(message.text(1), message.text(2), message.text(3), message.text(4)));
        }
        if (message.is(REPLACED, 4)) {
            return new CallBusMessage.Replaced(message.text(1), message.text(2), message.text(3));
        }
        throw new IllegalArgumentException("unknown call bus message");
    }

    private static CallMessage.Event event(String call, String session, String kind, String body) {
        switch (kind) {
            case "PEER":
                return new CallMessage.Peer(call, session);
            case "LEAVE":
                return new CallMessage.Leave(call, session);
            case "OFFER":
                return new CallMessage.Signal(call, session, CallMessage.Kind.OFFER, body);
            case "ANSWER":
                return new CallMessage.Signal(call, session, CallMessage.Kind.ANSWER, body);
            default:
                throw new IllegalArgumentException("unknown call event kind");
        }
    }
}
