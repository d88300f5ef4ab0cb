package dev.signals.core.room;

/** A message a room client sends (docs/room.md), already validated by {@link RoomCodec}. */
public sealed interface RoomRequest {

    /** {@code join}: enter (creating if needed) the room; leaves any other room first. */
    record Join(String roomId) implements RoomRequest {
    }

    /** {@code offer} or {@code answer}: an SDP for one member of the sender's room. */
    record Sdp(SdpKind kind, String targetId, String sdp) implements RoomRequest {
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
