package dev.signals.core.mailbox;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The eight mailbox endpoints of docs/mailbox.md: a path (canonical form, with its trailing slash),
 * a method, and the queue the request pushes to ({@code POST}) or pops from ({@code GET}).
 */
public enum MailboxEndpoint {
    POST_OFFER_SDP("/offer/sdp/", true, MailboxQueue.OFFER_SDP),
    GET_OFFER_SDP("/offer/sdp/", false, MailboxQueue.ANSWER_SDP),
    POST_OFFER_CANDIDATE("/offer/candidate/", true, MailboxQueue.OFFER_CANDIDATES),
    GET_OFFER_CANDIDATE("/offer/candidate/", false, MailboxQueue.ANSWER_CANDIDATES),
    POST_ANSWER_SDP("/answer/sdp/", true, MailboxQueue.ANSWER_SDP),
    GET_ANSWER_SDP("/answer/sdp/", false, MailboxQueue.OFFER_SDP),
    POST_ANSWER_CANDIDATE("/answer/candidate/", true, MailboxQueue.ANSWER_CANDIDATES),
    GET_ANSWER_CANDIDATE("/answer/candidate/", false, MailboxQueue.OFFER_CANDIDATES);

    private final String path;
    private final boolean post;
    private final MailboxQueue queue;

    MailboxEndpoint(String path, boolean post, MailboxQueue queue) {
        this.path = path;
        this.post = post;
        this.queue = queue;
    }

    /** The endpoint at {@code path} (with or without its trailing slash), or {@code null}. */
    public static MailboxEndpoint of(String path, boolean post) {
        String canonical = path.endsWith("/") ? path : path + "/";
        for (MailboxEndpoint e : values()) {
            if (e.post == post && e.path.equals(canonical)) {
                return e;
            }
        }
        return null;
    }

    /** The four distinct paths, each with its trailing slash. */
    public static Set<String> paths() {
        Set<String> out = new LinkedHashSet<>();
        for (MailboxEndpoint e : values()) {
            out.add(e.path);
        }
        return out;
    }

    public String path() {
        return path;
    }

    public boolean post() {
        return post;
    }

    public MailboxQueue queue() {
        return queue;
    }

    /** Who calls this endpoint: the queue's writer for a POST, its reader for a GET. */
    public MailboxQueue.Side caller() {
        return post ? queue.writer() : queue.reader();
    }

    /** The {@code type} tag of {@code signal_messages_total}, e.g. {@code post_offer_sdp}. */
    public String metricType() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
