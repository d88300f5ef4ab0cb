package dev.signals.server.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A room-dialect client (docs/room.md) over {@link WsTestClient}, plus the exact frames the
 * server sends, so room scenarios read as what users do and see.
 */
public final class RoomPeer implements AutoCloseable {
    private static final Pattern NOTIFY = Pattern.compile(
            "\\{\"type\":\"notify-client-id\",\"payload\":\\{\"client_id\":\"([0-9a-v]{20})\"}}");

    private final WsTestClient ws;
    private final String id;

    private RoomPeer(WsTestClient ws, String id) {
        this.ws = ws;
        this.id = id;
    }

    /** Connects to {@code /connect} on {@code port} and reads the client id the server announces. */
    public static RoomPeer connect(int port) throws IOException, InterruptedException {
        WsTestClient ws = WsTestClient.connect(port, "/connect");
        String first = ws.nextText();
        Matcher m = NOTIFY.matcher(first);
        if (!m.matches()) {
            ws.close();
            throw new AssertionError("expected notify-client-id, got " + first);
        }
        return new RoomPeer(ws, m.group(1));
    }

    public String id() {
        return id;
    }

    public WsTestClient ws() {
        return ws;
    }

    public void join(String room) throws IOException {
        ws.sendText("{\"type\":\"join\",\"payload\":{\"room_id\":\"" + room + "\"}}");
    }

    public void leave() throws IOException {
        ws.sendText("{\"type\":\"leave\"}");
    }

    public void offer(RoomPeer to, String sdp) throws IOException {
        ws.sendText("{\"type\":\"offer\",\"payload\":{\"client_id\":\"" + to.id + "\",\"sdp\":\"" + sdp + "\"}}");
    }

    public void answer(RoomPeer to, String sdp) throws IOException {
        ws.sendText("{\"type\":\"answer\",\"payload\":{\"client_id\":\"" + to.id + "\",\"sdp\":\"" + sdp + "\"}}");
    }

    public void candidate(RoomPeer to, String candidate, int index) throws IOException {
        ws.sendText("{\"type\":\"ice-candidate\",\"payload\":{\"client_id\":\"" + to.id + "\",\"candidate\":\""
                + candidate + "\",\"sdpMid\":\"0\",\"sdpMLineIndex\":" + index + "}}");
    }

    /** The next text frame (fails after the client's default wait). */
    public String next() throws InterruptedException {
        return ws.nextText();
    }

    /** The next text frame within {@code wait}, or {@code null}. */
    public String poll(Duration wait) throws InterruptedException {
        WsTestClient.Frame f = ws.poll(wait);
        return f == null ? null : f.text();
    }

    /** Skips frames until one matches {@code wanted} (within {@code wait} overall); answers it. */
    public String await(Predicate<String> wanted, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < deadline) {
            WsTestClient.Frame f = ws.poll(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (f == null) {
                break;
            }
            if (wanted.test(f.text())) {
                return f.text();
            }
            seen.append(f.text()).append('\n');
        }
        throw new AssertionError("no matching frame within " + wait + "; saw:\n" + seen);
    }

    /** Drops the TCP connection without a close frame. */
    public void abort() throws IOException {
        ws.abort();
    }

    @Override
    public void close() {
        ws.close();
    }

    // The exact frames of docs/room.md

    public static String joined(String room, RoomPeer... existing) {
        StringBuilder ids = new StringBuilder();
        for (RoomPeer p : existing) {
            ids.append(ids.length() == 0 ? "" : ",").append('"').append(p.id).append('"');
        }
        return "{\"type\":\"joined\",\"payload\":{\"client_ids\":[" + ids + "],\"room_id\":\"" + room + "\"}}";
    }

    public static String joined(String room, List<RoomPeer> existing) {
        return joined(room, existing.toArray(RoomPeer[]::new));
    }

    public static String newClient(RoomPeer who) {
        return "{\"type\":\"new-client\",\"payload\":{\"client_id\":\"" + who.id + "\"}}";
    }

    public static String leaveClient(RoomPeer who) {
        return "{\"type\":\"leave-client\",\"payload\":{\"client_id\":\"" + who.id + "\"}}";
    }

    public static String offerFrom(RoomPeer from, String sdp) {
        return "{\"type\":\"offer\",\"payload\":{\"client_id\":\"" + from.id + "\",\"sdp\":\"" + sdp + "\"}}";
    }

    public static String answerFrom(RoomPeer from, String sdp) {
        return "{\"type\":\"answer\",\"payload\":{\"client_id\":\"" + from.id + "\",\"sdp\":\"" + sdp + "\"}}";
    }

    public static String candidateFrom(RoomPeer from, String candidate, int index) {
        return "{\"type\":\"ice-candidate\",\"payload\":{\"candidate\":\"" + candidate + "\",\"client_id\":\"" + from.id
                + "\",\"sdpMLineIndex\":" + index + ",\"sdpMid\":\"0\"}}";
    }

    public static String error(String reason) {
        return "{\"type\":\"error\",\"payload\":{\"error\":\"" + reason + "\"}}";
    }
}
