package dev.signals.loadtest.scenario;

import dev.signals.loadtest.net.ClientTextFrame;
import dev.signals.loadtest.net.Frames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Builds the room dialect's {@code offer}/{@code answer} messages the relay scenario sends: a
 * realistic SDP of about {@code sdpBytes} bytes whose origin line carries the send's intended
 * time and how late the generator actually sent it ({@code o=- <intended nanos> <lag nanos> IN IP4
 * 127.0.0.1}, session id and version), so the receiver can measure latency from the payload
 * alone, both from the intended time and from the actual send. Servers pass the SDP through unchanged, whatever else they
 * rewrite; the stamp survives any JSON re-encoding since it is plain digits.
 */
final class SdpFrames {
    /** The receiver finds the stamp right after this. */
    static final byte[] STAMP_MARKER = Frames.ascii("o=- ");

    private static final byte[] OFFER_HEAD = Frames.ascii("{\"type\":\"offer\",\"payload\":{\"client_id\":\"");
    private static final byte[] ANSWER_HEAD = Frames.ascii("{\"type\":\"answer\",\"payload\":{\"client_id\":\"");
    private static final byte[] CSEQ_HEAD = Frames.ascii("{\"cseq\":");
    private static final byte[] MSG_KEY = Frames.ascii(",\"msg\":");
    private static final byte[] SDP_HEAD = Frames.ascii("\",\"sdp\":\"v=0\\r\\no=- ");

    private final byte[] originTailAndBody;
    private final int approximateSize;

    SdpFrames(int sdpBytes) {
        int budget = sdpBytes - "v=0\r\no=- 1234567890123456 123456 2 IN IP4 127.0.0.1\r\n".length();
        String body = SdpText.body(Math.max(0, budget)).replace("\r\n", "\\r\\n");
        this.originTailAndBody = (" IN IP4 127.0.0.1\\r\\n" + body + "\"}}").getBytes(StandardCharsets.US_ASCII);
        this.approximateSize = OFFER_HEAD.length + 20 + SDP_HEAD.length + 40 + originTailAndBody.length;
    }

    /**
     * One message to {@code targetId}, stamped with {@code intendedNanos} and {@code lagNanos} (sent
     * that long after it was intended), as a whole client WebSocket frame ({@link ClientTextFrame}).
     */
    ByteBuf relay(ByteBufAllocator alloc, boolean offer, String targetId, long intendedNanos, long lagNanos) {
        return relay(alloc, offer, targetId, intendedNanos, lagNanos, 0);
    }

    /** The same, wrapped as {@code {"cseq":n,"msg":…}} when {@code cseq} is above zero (docs/resume.md). */
    ByteBuf relay(ByteBufAllocator alloc, boolean offer, String targetId, long intendedNanos, long lagNanos, long cseq) {
        return ClientTextFrame.finish(payload(ClientTextFrame.start(alloc, approximateSize + 32), offer, targetId,
                intendedNanos, lagNanos, cseq));
    }

    /** The message alone, appended to {@code buf}. */
    ByteBuf payload(ByteBuf buf, boolean offer, String targetId, long intendedNanos, long lagNanos) {
        return payload(buf, offer, targetId, intendedNanos, lagNanos, 0);
    }

    /** The message alone, appended to {@code buf}; wrapped with {@code cseq} when it is above zero. */
    ByteBuf payload(ByteBuf buf, boolean offer, String targetId, long intendedNanos, long lagNanos, long cseq) {
        if (cseq > 0) {
            buf.writeBytes(CSEQ_HEAD);
            Frames.writeDecimal(buf, cseq);
            buf.writeBytes(MSG_KEY);
        }
        buf.writeBytes(offer ? OFFER_HEAD : ANSWER_HEAD);
        buf.writeCharSequence(targetId, StandardCharsets.UTF_8);
        buf.writeBytes(SDP_HEAD);
        Frames.writeDecimal(buf, intendedNanos);
        buf.writeByte(' ');
        Frames.writeDecimal(buf, Math.max(0, lagNanos));
        buf.writeBytes(originTailAndBody);
        if (cseq > 0) {
            buf.writeByte('}');
        }
        return buf;
    }

    /** The intended send time carried by a relayed message, or -1 when it carries none. */
    static long stampOf(ByteBuf utf8) {
        return intendedAt(utf8, stampAt(utf8));
    }

    /** How long after its intended time a relayed message was sent, or -1 when it carries none. */
    static long lagOf(ByteBuf utf8) {
        return lagAt(utf8, stampAt(utf8));
    }

    /** Where a relayed message's stamp starts (just past its marker), or -1: found once, read twice by the receiver. */
    static int stampAt(ByteBuf utf8) {
        int at = Frames.indexOf(utf8, STAMP_MARKER, utf8.readerIndex());
        return at < 0 ? -1 : at + STAMP_MARKER.length;
    }

    /** The stamp's intended send time, its first number ({@link #payload}), read from {@link #stampAt}; -1 for none. */
    static long intendedAt(ByteBuf utf8, int stampAt) {
        return stampAt < 0 ? -1 : Frames.numberAt(utf8, stampAt, 0);
    }

    /** The stamp's lag, its second number, read from {@link #stampAt}; -1 for none. */
    static long lagAt(ByteBuf utf8, int stampAt) {
        return stampAt < 0 ? -1 : Frames.numberAt(utf8, stampAt, 1);
    }
}
