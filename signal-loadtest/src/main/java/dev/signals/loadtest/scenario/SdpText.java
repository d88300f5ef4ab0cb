package dev.signals.loadtest.scenario;

/**
 * A realistic session description of about a given size (audio + video sections, ICE
 * credentials, a fingerprint, then host candidates), for payloads that must look and weigh like
 * the real thing.
 */
final class SdpText {
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

    private SdpText() {
    }

    /** The lines after {@code v=0} and the origin line, CRLF-terminated, about {@code bytes} long in all. */
    static String body(int bytes) {
        StringBuilder sdp = new StringBuilder();
        for (int i = 0; sdp.length() < bytes; i++) {
            String line = i < SESSION_LINES.length ? SESSION_LINES[i]
                    : "a=candidate:" + i + " 1 udp 2122260223 192.168.1." + (i % 250) + " " + (50000 + i) + " typ host generation 0";
            if (sdp.length() + line.length() + 2 > bytes) {
                int pad = bytes - sdp.length() - 2 - "a=x-pad:".length();
                if (pad > 0) {
                    sdp.append("a=x-pad:").append("x".repeat(pad)).append("\r\n");
                }
                break;
            }
            sdp.append(line).append("\r\n");
        }
        return sdp.toString();
    }

    /** A whole SDP of about {@code bytes}, with a plain origin line. */
    static String of(int bytes) {
        String head = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n";
        return head + body(Math.max(0, bytes - head.length()));
    }
}
