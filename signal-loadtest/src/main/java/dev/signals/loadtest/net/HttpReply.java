package dev.signals.loadtest.net;

/** One HTTP response as the exchanges need it: status and body text. */
public record HttpReply(int status, String body) {
}
