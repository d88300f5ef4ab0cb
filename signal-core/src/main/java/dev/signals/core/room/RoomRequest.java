package dev.signals.core.room;

import dev.signals.core.json.JsonText;

/** A message a room client sends (docs/room.md), already validated by {@link RoomCodec}. */
public sealed interface RoomRequest {

    /** {@code join}: enter (creating if needed) the room; leaves any other room first. */
    record Join(String roomId) implements RoomRequest {
    }

    /**
     * {@code offer} or {@code answer}: an SDP for one member of the sender's room, held as the
     * content of its JSON string exactly as {@code JSON.stringify} writes it (docs/room.md), so
     * the relay copies it instead of decoding and escaping it again.
     */
    record Sdp(SdpKind kind, String targetId, String escapedSdp) implements RoomRequest {
        /** The request for an SDP given as its plain value. */
        public static Sdp of(SdpKind kind, String targetId, String sdp) {
            return new Sdp(kind, targetId, JsonText.escape(sdp));
        }
    }

    /** {@code ice-candidate}: a candidate for one member of the sender's room. */
    record IceCandidate(String targetId, String candidate, String sdpMid, Long sdpMLineIndex) implements RoomRequest {
    }

    /** {@code leave}: leave the current room; a no-op outside one. */
    record Leave() implements RoomRequest {
    }

    /** {@code ping} / {@code pong}: ignored. */
    record KeepAlive() implements RoomRequest {
    }

    /** Which SDP message an {@link Sdp} is; its wire name and its transfer-failure reason. */
    enum SdpKind {
        OFFER("offer", RoomErrors.TRANSFER_OFFER),
        ANSWER("answer", RoomErrors.TRANSFER_ANSWER);

        private final String wireType;
        private final String transferError;

        SdpKind(String wireType, String transferError) {
            this.wireType = wireType;
            this.transferError = transferError;
        }

        public String wireType() {
            return wireType;
        }

        public String transferError() {
            return transferError;
        }
    }
}
