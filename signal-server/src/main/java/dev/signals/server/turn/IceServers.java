package dev.signals.server.turn;

import dev.signals.core.json.JsonObjectWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code GET /ice-servers} answers (docs/turn.md): entries usable as-is in
 * {@code new RTCPeerConnection({iceServers})}, and how many seconds their credentials live.
 */
public record IceServers(List<Entry> iceServers, long ttl) {
    /** One {@code RTCIceServer}; {@code username} and {@code credential} are null for STUN-only URLs. */
    public record Entry(List<String> urls, String username, String credential) {
        String toJson() {
            JsonObjectWriter out = JsonObjectWriter.object().strings("urls", urls);
            if (username != null) {
                out.string("username", username).string("credential", credential);
            }
            return out.end();
        }
    }

    public IceServers {
        iceServers = List.copyOf(iceServers);
    }

    /** {@code {"iceServers":[…],"ttl":n}}: the body of {@code GET /ice-servers} and of a session's {@code ice_servers} frame. */
    public String toJson() {
        List<String> entries = new ArrayList<>(iceServers.size());
        iceServers.forEach(e -> entries.add(e.toJson()));
        return JsonObjectWriter.object(256)
                .raw("iceServers", "[" + String.join(",", entries) + "]")
                .number("ttl", ttl)
                .end();
    }
}
