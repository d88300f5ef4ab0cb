package dev.signals.core.call;

import dev.signals.core.json.JsonShapeException;
import dev.signals.core.json.Utf8;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the call name from a {@code GET /call/{call}} request path (docs/call.md): the raw path
 * is percent-decoded per RFC 3986 as UTF-8 ({@code +} stays {@code +}), trimmed of {@code /} at
 * both ends and split on {@code /}; it must be exactly {@code call} and one valid name.
 *
 * @param outcome what the path is
 * @param name the decoded call name when {@code outcome} is {@link Outcome#CALL}, else {@code null}
 */
public record CallPath(Outcome outcome, String name) {

    /** {@code CALL}: serve it; {@code BAD_ESCAPE}: 400; {@code NOT_FOUND}: 404. */
    public enum Outcome { CALL, BAD_ESCAPE, NOT_FOUND }

    private static final CallPath BAD_ESCAPE = new CallPath(Outcome.BAD_ESCAPE, null);
    private static final CallPath NOT_FOUND = new CallPath(Outcome.NOT_FOUND, null);

    /** Parses a raw request path (query already removed). */
    public static CallPath parse(String rawPath) {
        String decoded;
        try {
            decoded = percentDecode(rawPath);
        } catch (JsonShapeException e) {
            return BAD_ESCAPE;
        }
        String[] parts = trimSlashes(decoded).split("/", -1);
        if (parts.length != 2 || !parts[0].equals("call") || !CallCodec.validCallName(parts[1])) {
            return NOT_FOUND;
        }
        return new CallPath(Outcome.CALL, parts[1]);
    }

    /**
     * Netty hands the request line over one char per byte, so chars up to U+00FF are taken as the
     * bytes the client sent; the whole result must then be valid UTF-8.
     */
    static String percentDecode(String raw) throws JsonShapeException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 2 < raw.length() ? hexValue(raw.charAt(i + 1)) : -1;
                int lo = hi >= 0 ? hexValue(raw.charAt(i + 2)) : -1;
                if (lo < 0) {
                    throw new JsonShapeException(null, "invalid percent escape");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c <= 0xFF) {
                bytes.write(c);
            } else {
                // Not from a request line; a caller's decoded text: keep its code point.
                int cp = raw.codePointAt(i);
                if (Character.isSurrogate(c) && Character.charCount(cp) == 1) {
                    throw new JsonShapeException(null, "lone surrogate");
                }
                byte[] utf8 = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
                i += Character.charCount(cp) - 1;
            }
        }
        return Utf8.decode(bytes.toByteArray());
    }

    /** ASCII hex digits only: {@link Character#digit} would also take other scripts' digits. */
    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private static String trimSlashes(String path) {
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(start, end);
    }
}
