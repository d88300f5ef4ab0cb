package dev.signals.server.ws;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What an upgrade's query asks of the session layer (docs/resume.md#wire): nothing (no
 * {@code resume}), a new session ({@code resume=new}), a resume ({@code resume=<token>&last_seq=<n>}),
 * or something malformed, refused with 400 before the upgrade.
 */
record ResumeRequest(Kind kind, String token, long lastSeq, String problem) {
    /** What was asked. */
    enum Kind { NONE, NEW, RESUME, MALFORMED }

    static final int MAX_TOKEN = 256;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_TOKEN + "}");
    /** At most 18 digits: every such number fits a long; more is never a seq this server issued. */
    private static final Pattern SEQ = Pattern.compile("[0-9]{1,18}");
    private static final ResumeRequest NONE = new ResumeRequest(Kind.NONE, null, 0, null);
    private static final ResumeRequest NEW = new ResumeRequest(Kind.NEW, null, 0, null);

    static ResumeRequest from(String uri) {
        int q = uri.indexOf('?');
        if (q < 0) {
            return NONE;
        }
        QueryStringDecoder query = new QueryStringDecoder(uri.substring(q), false);
        List<String> resume = query.parameters().get("resume");
        if (resume == null) {
            return NONE;
        }
        List<String> lastSeq = query.parameters().get("last_seq");
        if (resume.size() != 1 || (lastSeq != null && lastSeq.size() != 1)) {
            return malformed("resume and last_seq may appear once");
        }
        String token = resume.get(0);
        if ("new".equals(token)) {
            return lastSeq == null ? NEW : malformed("last_seq goes with a session token, not resume=new");
        }
        if (!TOKEN.matcher(token).matches()) {
            return malformed("malformed resume token");
        }
        if (lastSeq == null || !SEQ.matcher(lastSeq.get(0)).matches()) {
            return malformed("last_seq must be a number from 0");
        }
        return new ResumeRequest(Kind.RESUME, token, Long.parseLong(lastSeq.get(0)), null);
    }

    private static ResumeRequest malformed(String problem) {
        return new ResumeRequest(Kind.MALFORMED, null, 0, problem);
    }
}
