package dev.signals.server.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test client of a resumable session (docs/resume.md): opens with {@code resume=new} or resumes
 * with a token, checks the control frames' exact bytes, and unwraps numbered frames, asserting
 * that each carries the next seq (no gap, no duplicate).
 */
public final class SessionClient implements AutoCloseable {
    private static final Pattern SESSION = Pattern.compile("\\{\"session\":\\{\"token\":\"([A-Za-z0-9_-]{1,256})\",\"window_ms\":(\\d+)}}");
    private static final Pattern NUMBERED = Pattern.compile("\\{\"seq\":(\\d+),\"msg\":(.*)}", Pattern.DOTALL);

    public final WsTestClient ws;
    public final String token;
    private long lastSeq;

    private SessionClient(WsTestClient ws, String token, long lastSeq) {
        this.ws = ws;
        this.token = token;
        this.lastSeq = lastSeq;
    }

    /** {@code path} on {@code port} with {@code resume=new}; expects the session frame first. */
    public static SessionClient open(int port, String path) throws IOException, InterruptedException {
        return open(port, path, Map.of());
    }

    public static SessionClient open(int port, String path, Map<String, String> headers) throws IOException, InterruptedException {
        WsTestClient ws = WsTestClient.connect(port, withQuery(path, "resume=new"), headers);
        assertEquals(101, ws.status(), ws.body());
        String first = ws.nextText();
        Matcher m = SESSION.matcher(first);
        assertTrue(m.matches(), first);
        return new SessionClient(ws, m.group(1), 0);
    }

    /** Resumes this session on {@code port}; expects {@code resumed} with the given numbers. */
    public SessionClient resume(int port, String path, long expectLastSeq, long expectLastCseq)
            throws IOException, InterruptedException {
        return resume(port, path, Map.of(), expectLastSeq, expectLastCseq);
    }

    public SessionClient resume(int port, String path, Map<String, String> headers, long expectLastSeq, long expectLastCseq)
            throws IOException, InterruptedException {
        WsTestClient next = WsTestClient.connect(port, withQuery(path, resumeQuery(token, lastSeq)), headers);
        assertEquals(101, next.status(), next.body());
        assertEquals("{\"resumed\":{\"last_seq\":" + expectLastSeq + ",\"last_cseq\":" + expectLastCseq + "}}", next.nextText());
        return new SessionClient(next, token, lastSeq);
    }

    /**
     * Resumes where the server's {@code last_seq} is not known in advance (frames may still be on
     * their way across nodes): whatever it reports, the frames that follow must continue this
     * client's sequence, replayed or live.
     */
    public SessionClient resumeAnyLastSeq(int port, String path, long expectLastCseq) throws IOException, InterruptedException {
        WsTestClient next = WsTestClient.connect(port, withQuery(path, resumeQuery(token, lastSeq)));
        assertEquals(101, next.status(), next.body());
        String resumed = next.nextText();
        assertTrue(resumed.matches("\\{\"resumed\":\\{\"last_seq\":\\d+,\"last_cseq\":" + expectLastCseq + "}}"), resumed);
        return new SessionClient(next, token, lastSeq);
    }

    /**
     * Resumes this session on {@code port} with the new socket's reading paused from the start,
     * so the replay backs up on the server; {@code ws.resumeReading()}, then {@code resumed} first.
     */
    public SessionClient resumeWithReadingPaused(int port, String path) throws IOException, InterruptedException {
        WsTestClient next = WsTestClient.connect(port, withQuery(path, resumeQuery(token, lastSeq)), Map.of());
        next.pauseReading();
        assertEquals(101, next.status(), next.body());
        return new SessionClient(next, token, lastSeq);
    }

    public static String resumeQuery(String token, long lastSeq) {
        return "resume=" + token + "&last_seq=" + lastSeq;
    }

    public static String withQuery(String path, String query) {
        return path + (path.contains("?") ? "&" : "?") + query;
    }

    /** The next numbered frame's dialect message; its seq must be the one after the last seen. */
    public String next() throws InterruptedException {
        String text = ws.nextText();
        Matcher m = NUMBERED.matcher(text);
        assertTrue(m.matches(), "not a numbered frame: " + text);
        assertEquals(lastSeq + 1, Long.parseLong(m.group(1)), "seq of " + text);
        lastSeq++;
        return m.group(2);
    }

    public long lastSeq() {
        return lastSeq;
    }

    public void send(String dialectFrame) throws IOException {
        ws.sendText(dialectFrame);
    }

    public void sendNumbered(long cseq, String dialectFrame) throws IOException {
        ws.sendText("{\"cseq\":" + cseq + ",\"msg\":" + dialectFrame + "}");
    }

    /** Acknowledges everything received so far. */
    public void ack() throws IOException {
        ws.sendText("{\"ack\":" + lastSeq + "}");
    }

    @Override
    public void close() {
        ws.close();
    }
}
