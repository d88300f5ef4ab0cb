package dev.signals.core.room;

/**
 * Where a plain offer's or answer's two string values are in its bytes ({@link RoomCodec#plainSdp}):
 * each from the index after its opening quote to the index of its closing quote, counted from the
 * frame's first byte. The frame is ASCII, so these are also the indices of its text's chars; the
 * SDP is already escaped as {@code JSON.stringify} escapes it, and the client id holds no escape.
 */
public record PlainSdpSpan(RoomRequest.SdpKind kind, int targetFrom, int targetTo, int sdpFrom, int sdpTo) {
}
