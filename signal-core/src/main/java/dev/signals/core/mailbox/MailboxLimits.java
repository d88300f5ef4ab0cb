package dev.signals.core.mailbox;

import java.time.Duration;

/**
 * The bounds of one node's mailbox store (PROTOCOLS.md §1.4, §2); {@code 0} turns each off.
 *
 * @param maxBytes      memory for all keys, as {@link MailboxWeigher} counts it
 * @param maxCandidates items held at once in one candidate queue
 * @param maxLifetime   absolute lifetime of a key, however often it is used
 */
public record MailboxLimits(long maxBytes, int maxCandidates, Duration maxLifetime) {
}
