package dev.signals.server.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A minimal TURN client over UDP for tests: a STUN Binding (is the server up?) and a TURN
 * Allocate with long-term credentials (RFC 5389 §10.2 and §15.4, RFC 5766 docs/cluster.md), which is where a
 * TURN server accepts or refuses a username and password. Each exchange uses a fresh socket, so
 * one allocation never collides with the last; a lost datagram is resent, every wait is bounded.
 */
public final class TurnClient {
    private static final int MAGIC_COOKIE = 0x2112A442;
    private static final int BINDING = 0x0001;
    private static final int ALLOCATE = 0x0003;
    private static final int SUCCESS = 0x0100;
    private static final int ERROR = 0x0110;
    private static final int USERNAME = 0x0006;
    private static final int MESSAGE_INTEGRITY = 0x0008;
    private static final int ERROR_CODE = 0x0009;
    private static final int REALM = 0x0014;
    private static final int NONCE = 0x0015;
    private static final int XOR_RELAYED_ADDRESS = 0x0016;
    private static final int REQUESTED_TRANSPORT = 0x0019;
    private static final int UDP = 17;
    private static final int ATTEMPTS = 6;
    private static final int WAIT_MILLIS = 500;

    /** An Allocate's outcome: 200 with the relayed address, or the server's error code and reason. */
    public record Allocation(int status, String reason, InetSocketAddress relayed) {
        public boolean allocated() {
            return status == 200;
        }
    }

    private final InetSocketAddress server;

    public TurnClient(int port) {
        this.server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** True when the server answers a STUN Binding request with a success. */
    public boolean answersBinding() {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return type(exchange(socket, message(BINDING, new LinkedHashMap<>(), null))) == (BINDING | SUCCESS);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Allocates a UDP relay with {@code username} and {@code password}: an unauthenticated
     * Allocate learns the realm and nonce from the 401, the second carries MESSAGE-INTEGRITY.
     */
    public Allocation allocate(String username, String password) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Map<Integer, byte[]> attributes = new LinkedHashMap<>();
            attributes.put(REQUESTED_TRANSPORT, new byte[] {UDP, 0, 0, 0});
            Map<Integer, byte[]> challenge = attributes(exchange(socket, message(ALLOCATE, attributes, null)));
            if (!challenge.containsKey(REALM) || !challenge.containsKey(NONCE)) {
                throw new IOException("the first Allocate was not challenged with a realm and nonce: " + challenge.keySet());
            }
            String realm = new String(challenge.get(REALM), StandardCharsets.UTF_8);
            attributes.put(USERNAME, username.getBytes(StandardCharsets.UTF_8));
            attributes.put(REALM, challenge.get(REALM));
            attributes.put(NONCE, challenge.get(NONCE));
            byte[] answer = exchange(socket, message(ALLOCATE, attributes, longTermKey(username, realm, password)));
            Map<Integer, byte[]> found = attributes(answer);
            if (type(answer) == (ALLOCATE | SUCCESS)) {
                return new Allocation(200, "OK", xorAddress(found.get(XOR_RELAYED_ADDRESS)));
            }
            byte[] error = found.get(ERROR_CODE);
            int code = (error[2] & 0x7) * 100 + (error[3] & 0xFF);
            return new Allocation(code, new String(error, 4, error.length - 4, StandardCharsets.UTF_8), null);
        }
    }

    /** RFC 5389 §15.4: MD5(username ":" realm ":" password). */
    private static byte[] longTermKey(String username, String realm, String password) {
        try {
            return MessageDigest.getInstance("MD5")
                    .digest((username + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Header, attributes padded to 4 bytes, then MESSAGE-INTEGRITY over all of that when {@code key} is set. */
    private static byte[] message(int type, Map<Integer, byte[]> attributes, byte[] key) {
        ByteBuffer body = ByteBuffer.allocate(2048);
        attributes.forEach((attr, value) -> {
            body.putShort((short) attr.intValue()).putShort((short) value.length).put(value);
            body.put(new byte[(4 - value.length % 4) % 4]);
        });
        int length = body.position() + (key == null ? 0 : 24);
        ByteBuffer out = ByteBuffer.allocate(20 + length);
        byte[] transaction = new byte[12];
        ThreadLocalRandom.current().nextBytes(transaction);
        out.putShort((short) type).putShort((short) length).putInt(MAGIC_COOKIE).put(transaction);
        out.put(body.array(), 0, body.position());
        if (key != null) {
            byte[] signed = Arrays.copyOf(out.array(), out.position());
            out.putShort((short) MESSAGE_INTEGRITY).putShort((short) 20).put(hmacSha1(key, signed));
        }
        return out.array();
    }

    private static byte[] hmacSha1(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends {@code request} until an answer with its transaction id arrives (at most {@link #ATTEMPTS} times). */
    private byte[] exchange(DatagramSocket socket, byte[] request) throws IOException {
        socket.setSoTimeout(WAIT_MILLIS);
        byte[] buffer = new byte[2048];
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            socket.send(new DatagramPacket(request, request.length, server));
            try {
                while (true) {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    socket.receive(packet);
                    byte[] answer = Arrays.copyOf(packet.getData(), packet.getLength());
                    if (answer.length >= 20 && Arrays.equals(answer, 8, 20, request, 8, 20)) {
                        return answer;
                    }
                }
            } catch (SocketTimeoutException e) {
                // lost on the way, or the server is still starting: send again
            }
        }
        throw new SocketTimeoutException("no STUN answer from " + server + " after " + ATTEMPTS + " attempts");
    }

    private static int type(byte[] message) {
        return ((message[0] & 0xFF) << 8) | (message[1] & 0xFF);
    }

    private static Map<Integer, byte[]> attributes(byte[] message) {
        Map<Integer, byte[]> out = new LinkedHashMap<>();
        ByteBuffer in = ByteBuffer.wrap(message, 20, message.length - 20);
        while (in.remaining() >= 4) {
            int attr = in.getShort() & 0xFFFF;
            int length = in.getShort() & 0xFFFF;
            byte[] value = new byte[length];
            in.get(value);
            in.position(in.position() + (4 - length % 4) % 4);
            out.putIfAbsent(attr, value);
        }
        return out;
    }

    /** An IPv4 XOR-…-ADDRESS value (RFC 5389 §15.2). */
    private static InetSocketAddress xorAddress(byte[] value) throws IOException {
        if (value == null || value.length != 8 || value[1] != 0x01) {
            throw new IOException("no IPv4 XOR-RELAYED-ADDRESS in the Allocate success");
        }
        int port = (((value[2] & 0xFF) << 8) | (value[3] & 0xFF)) ^ (MAGIC_COOKIE >>> 16);
        byte[] ip = ByteBuffer.allocate(4).putInt(ByteBuffer.wrap(value, 4, 4).getInt() ^ MAGIC_COOKIE).array();
        return new InetSocketAddress(InetAddress.getByAddress(ip), port);
    }
}
