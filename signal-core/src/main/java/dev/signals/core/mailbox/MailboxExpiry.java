package dev.signals.core.mailbox;

import com.github.benmanes.caffeine.cache.Expiry;

/**
 * Lets each {@link Mailbox} decide when it expires: it carries its own deadline (sliding TTL
 * clamped to its absolute lifetime, docs/mailbox.md), set inside the same {@code compute} that
 * changed it, so a refused request that leaves the deadline alone does not extend the key.
 */
final class MailboxExpiry implements Expiry<String, Mailbox> {
    @Override
    public long expireAfterCreate(String key, Mailbox box, long currentTime) {
        return remaining(box, currentTime);
    }

    @Override
    public long expireAfterUpdate(String key, Mailbox box, long currentTime, long currentDuration) {
        return remaining(box, currentTime);
    }

    @Override
    public long expireAfterRead(String key, Mailbox box, long currentTime, long currentDuration) {
        return currentDuration;
    }

    private static long remaining(Mailbox box, long now) {
        return Math.max(0, box.deadline() - now);
    }
}
