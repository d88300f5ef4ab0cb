package dev.signals.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client over a plain socket, for tests that need exact control: it can send invalid
 * UTF-8, binary and fragmented frames, stop reading, or drop the TCP connection abruptly. Every
 * wait has a timeout. A reader thread answers PINGs (unless told not to) and queues the rest.
 */
public final class WsTestClient implements AutoCloseable {
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One frame received from the server. */
    public record Frame(int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public boolean isClose() {
            return opcode == 0x8;
        }

        /** Close code, or -1 when the close frame had none. */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
        }

        public String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final Thread reader;
    private final int status;
    private final Map<String, String> responseHeaders;
    private final String responseBody;
    private volatile boolean answerPings = true;
    private volatile boolean queuePongs;
    private volatile boolean paused;
    private volatile boolean closed;
    private volatile boolean eof;

    private WsTestClient(Socket socket, int status, Map<String, String> headers, String body, boolean read) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
        this.status = status;
        this.responseHeaders = headers;
        this.responseBody = body;
        this.reader = new Thread(this::readLoop, "ws-test-reader");
        this.reader.setDaemon(true);
        if (read && status == 101) {
            reader.start();
        }
    }

    /** Opens a WebSocket to {@code path} on localhost; check {@link #status()} for refusals. */
    public static WsTestClient connect(int port, String path) throws IOException {
        return connect(port, path, Map.of(), true);
    }

    public static WsTestClient connect(int port, String path, Map<String, String> extraHeaders) throws IOException {
        return connect(port, path, extraHeaders, true);
    }

    /** With {@code read=false} the client never reads after the handshake (a stalled peer). */
    public static WsTestClient connect(int port, String path, Map<String, String> extraHeaders, boolean read) throws IOException {
        return connect(null, port, path, extraHeaders, read);
    }

    /**
     * Connects from the loopback address {@code local} (e.g. 127.0.0.2), so one test can be
     * several client IPs; {@code null} lets the OS choose.
     */
    public static WsTestClient connect(InetAddress local, int port, String path, Map<String, String> extraHeaders, boolean read)
            throws IOException {
        Socket socket = new Socket();
        if (local != null) {
            socket.bind(new InetSocketAddress(local, 0));
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        if (!read) {
            socket.setReceiveBufferSize(4096);
        }
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        StringBuilder req = new StringBuilder()
                .append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(nonce)).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        extraHeaders.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        req.append("\r\n");
        socket.getOutputStream().write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        String head = readHead(in);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(), lines[i].substring(colon + 1).trim());
            }
        }
        String body = "";
        if (status != 101) {
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }
        return new WsTestClient(socket, status, headers, body, read);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during handshake");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    public int status() {
        return status;
    }

    public String header(String name) {
        return responseHeaders.get(name.toLowerCase());
    }

    public String body() {
        return responseBody;
    }

    /** Stops reading after the frame being read now: the server sees a peer that stalled. */
    public void pauseReading() {
        paused = true;
    }

    /** Reads again after {@link #pauseReading()}. */
    public void resumeReading() {
        paused = false;
    }

    public void answerPings(boolean answer) {
        this.answerPings = answer;
    }

    /** With {@code true}, PONGs from the server are queued like data frames instead of skipped. */
    public void queuePongs(boolean queue) {
        this.queuePongs = queue;
    }

    public void sendText(String text) throws IOException {
        sendFrame(0x1, true, text.getBytes(StandardCharsets.UTF_8));
    }

    public void sendTextBytes(byte[] raw) throws IOException {
        sendFrame(0x1, true, raw);
    }

    public void sendBinary(byte[] data) throws IOException {
        sendFrame(0x2, true, data);
    }

    public void sendPong(byte[] data) throws IOException {
        sendFrame(0xA, true, data);
    }

    public void sendClose(int code, String reason) throws IOException {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(2 + r.length).putShort((short) code).put(r);
        sendFrame(0x8, true, b.array());
    }

    /** Sends one frame; {@code fin=false} starts or continues a fragmented message. */
    public synchronized void sendFrame(int opcode, boolean fin, byte[] payload) throws IOException {
        out.write(encodeFrame(opcode, fin, payload));
        out.flush();
    }

    /**
     * Sends one frame whose first byte (FIN, the three RSV bits, opcode) is {@code firstByte}
     * exactly, for frames no well-behaved client sends.
     */
    public synchronized void sendFrameWithFirstByte(int firstByte, byte[] payload) throws IOException {
        out.write(encodeFrame(firstByte, payload));
        out.flush();
    }

    /**
     * Sends {@code count} copies of one complete frame in large writes, as fast as the socket takes
     * them (a flood); every copy has the same mask, which RFC 6455 allows the server to accept.
     */
    public synchronized void sendRepeated(int opcode, byte[] payload, int count) throws IOException {
        byte[] frame = encodeFrame(opcode, true, payload);
        int perWrite = Math.max(1, 64 * 1024 / frame.length);
        byte[] batch = new byte[frame.length * perWrite];
        for (int i = 0; i < perWrite; i++) {
            System.arraycopy(frame, 0, batch, i * frame.length, frame.length);
        }
        for (int sent = 0; sent < count; sent += perWrite) {
            out.write(batch, 0, frame.length * Math.min(perWrite, count - sent));
        }
        out.flush();
    }

    private static byte[] encodeFrame(int opcode, boolean fin, byte[] payload) {
        return encodeFrame((fin ? 0x80 : 0) | opcode, payload);
    }

    private static byte[] encodeFrame(int firstByte, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(firstByte);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            long n = payload.length;
            for (int i = 7; i >= 0; i--) {
                frame.write((int) (n >>> (8 * i)));
            }
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        frame.write(mask, 0, 4);
        byte[] masked = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            masked[i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        frame.write(masked, 0, masked.length);
        return frame.toByteArray();
    }

    /** The next data or close frame (PINGs, and PONGs unless queued, are skipped), or an assertion failure. */
    public Frame next() throws InterruptedException {
        return next(DEFAULT_WAIT);
    }

    public Frame next(Duration wait) throws InterruptedException {
        Frame f = frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (f == null) {
            throw new AssertionError("no frame within " + wait + (eof ? " (connection closed)" : ""));
        }
        return f;
    }

    /** The next text frame's content, failing on anything else. */
    public String nextText() throws InterruptedException {
        Frame f = next();
        if (f.opcode() != 0x1) {
            throw new AssertionError("expected a text frame, got opcode " + f.opcode()
                    + (f.isClose() ? " close " + f.closeCode() + " " + f.closeReason() : ""));
        }
        return f.text();
    }

    /** A frame if one arrives within {@code wait}, else null. */
    public Frame poll(Duration wait) throws InterruptedException {
        return frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits for the server's close frame, skipping data frames, and returns it. */
    public Frame awaitClose(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            Frame f = frames.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            if (f != null && f.isClose()) {
                return f;
            }
        }
        throw new AssertionError("no close frame within " + wait);
    }

    /** True once the server closed the TCP connection. */
    public boolean isEof() {
        return eof;
    }

    /** Waits until the server has closed the TCP connection. */
    public boolean awaitEof(Duration wait) throws InterruptedException {
        try {
            Await.until("the server closes the connection", wait, () -> eof);
            return true;
        } catch (AssertionError notClosed) {
            return false;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Drops the TCP connection with a reset, no close frame (an abrupt disconnect). */
    public void abort() throws IOException {
        closed = true;
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test socket
        }
    }

    private void readLoop() {
        try {
            while (!closed) {
                while (paused && !closed) {
                    Thread.sleep(20);
                }
                int b0 = in.read();
                if (b0 < 0) {
                    break;
                }
                int b1 = in.read();
                if (b1 < 0) {
                    break;
                }
                long len = b1 & 0x7F;
                if (len == 126) {
                    len = ((in.read() & 0xFF) << 8) | (in.read() & 0xFF);
                } else if (len == 127) {
                    len = 0;
                    for (int i = 0; i < 8; i++) {
                        len = (len << 8) | (in.read() & 0xFF);
                    }
                }
                byte[] payload = in.readNBytes((int) len);
                int opcode = b0 & 0x0F;
                if (opcode == 0x9) {
                    if (answerPings) {
                        sendFrame(0xA, true, payload);
                    }
                    continue;
                }
                if (opcode == 0xA && !queuePongs) {
                    continue;
                }
                frames.add(new Frame(opcode, payload));
            }
        } catch (SocketException e) {
            // closed by the server or by abort()
        } catch (IOException e) {
            // read timeout or broken pipe: treated as end of stream
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            eof = true;
        }
    }
}
