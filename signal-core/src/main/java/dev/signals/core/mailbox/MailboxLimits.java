package dev.signals.core.mailbox;

import java.time.Duration;

/**
 * The bounds of one node's mailbox store (SECURITY.md "Limits and their defaults", docs/mailbox.md); {@code 0} turns each off.
 *
 * @param maxBytes      memory for all keys, as {@link MailboxWeigher} counts it
 * @param maxCandidates items held at once in one candidate queue
 * @param maxLifetime   absolute lifetime of a key, however often it is used
 * @param maxKeyBytes   bytes one key may hold, its own cost included
 * @param ipShareBytes  bytes the keys one client address created may hold together
 */
public record MailboxLimits(long maxBytes, int maxCandidates, Duration maxLifetime, long maxKeyBytes, long ipShareBytes) {
}
