package dev.signals.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 exchange over a plain socket, for requests {@code java.net.http} cannot make: header
 * values with raw UTF-8 or invalid bytes. The connection is closed after the response; every read
 * has a 5 s timeout.
 */
public final class RawHttp {
    private static final int TIMEOUT_MILLIS = 5_000;

    /** A response: status, headers (names in lower case), body bytes. */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private RawHttp() {
    }

    /** Sends {@code method path} with {@code headers} given as raw bytes, and {@code body}. */
    public static Response exchange(int port, String method, String path, Map<String, byte[]> headers, byte[] body)
            throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        for (Map.Entry<String, byte[]> h : headers.entrySet()) {
            request.writeBytes((h.getKey() + ": ").getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(h.getValue());
            request.writeBytes(new byte[] {'\r', '\n'});
        }
        request.writeBytes(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(body);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            return read(socket.getInputStream());
        }
    }

    private static Response read(InputStream in) throws IOException {
        byte[] all = in.readAllBytes(); // Connection: close, so the server ends the stream
        int headEnd = indexOf(all, new byte[] {'\r', '\n', '\r', '\n'});
        if (headEnd < 0) {
            throw new IOException("no complete response head in " + all.length + " bytes");
        }
        String[] lines = new String(all, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        int start = headEnd + 4;
        int length = headers.containsKey("content-length") ? Integer.parseInt(headers.get("content-length")) : all.length - start;
        byte[] body = new byte[length];
        System.arraycopy(all, start, body, 0, length);
        return new Response(status, headers, body);
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        for (int i = 0; i + pattern.length <= data.length; i++) {
            boolean match = true;
            for (int j = 0; j < pattern.length && match; j++) {
                match = data[i + j] == pattern[j];
            }
            if (match) {
                return i;
            }
        }
        return -1;
    }
}
