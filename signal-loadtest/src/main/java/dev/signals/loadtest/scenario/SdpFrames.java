package dev.signals.loadtest.scenario;

import dev.signals.loadtest.net.Frames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Builds the room dialect's {@code offer}/{@code answer} messages the relay scenario sends: a
 * realistic SDP of about {@code sdpBytes} bytes whose origin line carries the send's intended
 * time and index ({@code o=- <nanos> <index> IN IP4 127.0.0.1}), so the receiver can measure
 * latency from the payload alone. Servers pass the SDP through unchanged, whatever else they
 * rewrite; the stamp survives any JSON re-encoding since it is plain digits.
 */
final class SdpFrames {
    /** The receiver finds the stamp right after this. */
    static final byte[] STAMP_MARKER = Frames.ascii("o=- ");

    private static final String[] SESSION_LINES = {
        "s=-", "t=0 0", "a=group:BUNDLE 0 1", "a=extmap-allow-mixed", "a=msid-semantic: WMS loadtest",
        "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126", "c=IN IP4 0.0.0.0", "a=rtcp:9 IN IP4 0.0.0.0",
        "a=ice-ufrag:lt4X", "a=ice-pwd:c5n0m3Wn2Zk9h8s1y2q7rT0b", "a=ice-options:trickle",
        "a=fingerprint:sha-256 6B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08",
        "a=setup:actpass", "a=mid:0", "a=sendrecv", "a=rtcp-mux", "a=rtpmap:111 opus/48000/2",
        "a=rtcp-fb:111 transport-cc", "a=fmtp:111 minptime=10;useinbandfec=1",
        "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103", "c=IN IP4 0.0.0.0", "a=mid:1", "a=rtpmap:96 VP8/90000",
        "a=rtcp-fb:96 goog-remb", "a=rtcp-fb:96 ccm fir", "a=rtcp-fb:96 nack", "a=rtcp-fb:96 nack pli",
        "a=rtpmap:102 H264/90000", "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f",
    };
    private static final byte[] OFFER_HEAD = Frames.ascii("{\"type\":\"offer\",\"payload\":{\"client_id\":\"");
    private static final byte[] ANSWER_HEAD = Frames.ascii("{\"type\":\"answer\",\"payload\":{\"client_id\":\"");
    private static final byte[] SDP_HEAD = Frames.ascii("\",\"sdp\":\"v=0\\r\\no=- ");

    private final byte[] originTailAndBody;
    private final int approximateSize;

    SdpFrames(int sdpBytes) {
        String body = body(Math.max(0, sdpBytes));
        this.originTailAndBody = (" 2 IN IP4 127.0.0.1\\r\\n" + body + "\"}}").getBytes(StandardCharsets.US_ASCII);
        this.approximateSize = OFFER_HEAD.length + 20 + SDP_HEAD.length + 40 + originTailAndBody.length;
    }

    /** SDP lines after the origin line, JSON-escaped, padded so the whole SDP is about {@code sdpBytes}. */
    private static String body(int sdpBytes) {
        int budget = sdpBytes - "v=0\r\no=- 1234567890123456 123456 2 IN IP4 127.0.0.1\r\n".length();
        StringBuilder sdp = new StringBuilder();
        int size = 0;
        for (int i = 0; size < budget; i++) {
            String line = i < SESSION_LINES.length ? SESSION_LINES[i]
                    : "a=candidate:" + i + " 1 udp 2122260223 192.168.1." + (i % 250) + " " + (50000 + i) + " typ host generation 0";
            if (size + line.length() + 2 > budget) {
                int pad = budget - size - 2 - "a=x-pad:".length();
                if (pad > 0) {
                    sdp.append("a=x-pad:").append("x".repeat(pad)).append("\\r\\n");
                }
                break;
            }
            sdp.append(line).append("\\r\\n");
            size += line.length() + 2;
        }
        return sdp.toString();
    }

    /** One message to {@code targetId}, stamped with {@code intendedNanos} and {@code index}. */
    ByteBuf relay(ByteBufAllocator alloc, boolean offer, String targetId, long intendedNanos, long index) {
        ByteBuf buf = alloc.buffer(approximateSize);
        buf.writeBytes(offer ? OFFER_HEAD : ANSWER_HEAD);
        buf.writeCharSequence(targetId, StandardCharsets.UTF_8);
        buf.writeBytes(SDP_HEAD);
        buf.writeCharSequence(Long.toString(intendedNanos), StandardCharsets.US_ASCII);
        buf.writeByte(' ');
        buf.writeCharSequence(Long.toString(index), StandardCharsets.US_ASCII);
        buf.writeBytes(originTailAndBody);
        return buf;
    }

    /** The intended send time carried by a relayed message, or -1 when it carries none. */
    static long stampOf(ByteBuf utf8) {
        return Frames.numberAfter(utf8, STAMP_MARKER);
    }
}
