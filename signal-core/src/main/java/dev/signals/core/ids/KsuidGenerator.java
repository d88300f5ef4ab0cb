package dev.signals.core.ids;

import java.math.BigInteger;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * Makes KSUIDs (docs/call.md): 4-byte seconds since the KSUID epoch (2014-05-13T16:53:20Z)
 * and 16 random bytes, base62-encoded to 27 characters, so they sort by time. The random part
 * comes from a DRBG seeded once, so generating never waits on the OS entropy source.
 */
public final class KsuidGenerator {
    /** Unix seconds of the KSUID epoch. */
    public static final long EPOCH_SECONDS = 1_400_000_000L;
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final BigInteger SIXTY_TWO = BigInteger.valueOf(62);

    private final Clock clock;
    private final SecureRandom random;

    public KsuidGenerator(Clock clock) {
        this.clock = clock;
        try {
            this.random = SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("DRBG is required by the JDK", e);
        }
    }

    public String next() {
        byte[] bytes = new byte[20];
        long stamp = clock.millis() / 1000 - EPOCH_SECONDS;
        bytes[0] = (byte) (stamp >>> 24);
        bytes[1] = (byte) (stamp >>> 16);
        bytes[2] = (byte) (stamp >>> 8);
        bytes[3] = (byte) stamp;
        byte[] payload = new byte[16];
        random.nextBytes(payload);
        System.arraycopy(payload, 0, bytes, 4, 16);
        return encode(bytes);
    }

    static String encode(byte[] twentyBytes) {
        char[] out = new char[27];
        BigInteger value = new BigInteger(1, twentyBytes);
        for (int i = 26; i >= 0; i--) {
            BigInteger[] qr = value.divideAndRemainder(SIXTY_TWO);
            out[i] = BASE62[qr[1].intValue()];
            value = qr[0];
        }
        return new String(out);
    }

    /** True when {@code s} has the shape of a KSUID: 27 base62 characters. */
    public static boolean looksValid(String s) {
        if (s == null || s.length() != 27) {
            return false;
        }
        for (int i = 0; i < 27; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }
}
