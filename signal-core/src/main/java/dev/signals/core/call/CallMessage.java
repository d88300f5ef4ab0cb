package dev.signals.core.call;

/**
 * A call-dialect {@code Event} (docs/call.md): immutable, already validated, turned into bytes
 * only by {@link CallCodec}. The published kinds are the {@link Event}s, which remember the session
 * that caused them so fan-out can leave that session out.
 */
public sealed interface CallMessage {

    /** The wire {@code kind} values; {@code LEAVE} is our extension. */
    enum Kind { JOIN, WELCOME, PEER, OFFER, ANSWER, LEAVE }

    String call();

    Kind kind();

    /** Something that happened in a call: delivered to the call's sockets except the causer's. */
    sealed interface Event extends CallMessage {
        /** The session that caused the event; never shown to other peers. */
        String session();
    }

    /** A seat was granted (the {@code GET /call} answer) or a socket presents it ({@code /ws} handshake). */
    record Join(String call, String session) implements CallMessage {
        @Override
        public Kind kind() {
            return Kind.JOIN;
        }
    }

    /** The {@code /ws} handshake succeeded. */
    record Welcome(String call) implements CallMessage {
        @Override
        public Kind kind() {
            return Kind.WELCOME;
        }
    }

    /** A session arrived: it took a seat, or its socket came back after a {@link Leave}. */
    record Peer(String call, String session) implements Event {
        @Override
        public Kind kind() {
            return Kind.PEER;
        }
    }

    /** An {@code OFFER} or {@code ANSWER} posted to {@code /signal}. */
    record Signal(String call, String session, Kind kind, String body) implements Event {
        public Signal {
            if (kind != Kind.OFFER && kind != Kind.ANSWER) {
                throw new IllegalArgumentException("a signal is an OFFER or an ANSWER, not " + kind);
            }
        }
    }

    /** A live session went away (extension, docs/call.md "LEAVE"). */
    record Leave(String call, String session) implements Event {
        @Override
        public Kind kind() {
            return Kind.LEAVE;
        }
    }
}
