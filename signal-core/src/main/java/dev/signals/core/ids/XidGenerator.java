package dev.signals.core.ids;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes xids as the room seed did (docs/room.md): 12 bytes — 4-byte big-endian Unix seconds,
 * 3-byte machine id, 2-byte process id, 3-byte counter — in lower-case base32hex, 20 characters.
 * Unique across nodes (the machine id hashes host and node name) and sortable by time.
 */
public final class XidGenerator {
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuv".toCharArray();

    private final Clock clock;
    private final byte[] machine;
    private final int pid;
    private final AtomicInteger counter;

    public XidGenerator(String nodeName, long pid, Clock clock) {
        this.clock = clock;
        this.machine = machineId(nodeName);
        this.pid = (int) (pid & 0xFFFF);
        this.counter = new AtomicInteger(new SecureRandom().nextInt(1 << 24));
    }

    public String next() {
        long seconds = clock.millis() / 1000;
        int count = counter.getAndIncrement() & 0xFFFFFF;
        byte[] id = {
            (byte) (seconds >>> 24), (byte) (seconds >>> 16), (byte) (seconds >>> 8), (byte) seconds,
            machine[0], machine[1], machine[2],
            (byte) (pid >>> 8), (byte) pid,
            (byte) (count >>> 16), (byte) (count >>> 8), (byte) count,
        };
        return encode(id);
    }

    /** base32hex of the 96 bits followed by 4 zero bits: 20 characters, no padding. */
    static String encode(byte[] id) {
        char[] out = new char[20];
        long buffer = 0;
        int bits = 0;
        int o = 0;
        for (byte b : id) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out[o++] = ALPHABET[(int) ((buffer >>> bits) & 0x1F)];
            }
        }
        out[o] = ALPHABET[(int) ((buffer << (5 - bits)) & 0x1F)];
        return new String(out);
    }

    private static byte[] machineId(String nodeName) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(nodeName.getBytes(StandardCharsets.UTF_8));
            return new byte[] {digest[0], digest[1], digest[2]};
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by the JDK", e);
        }
    }
}
