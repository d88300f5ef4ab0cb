package dev.signals.core.mailbox;

import reactor.core.publisher.Mono;

/**
 * The mailbox keys of the system (docs/mailbox.md): per key four FIFO queues, a sliding TTL and an
 * absolute lifetime. {@link LocalMailboxStore} keeps them in memory; a Redis store shares them
 * between nodes. Implementations apply, atomically per key, the checks the codec cannot:
 * <ol>
 *   <li>step 2/4: a missing or expired key → {@code key未找到} ({@code /answer/*}) or {@code key已过期};</li>
 *   <li>step 3: {@link MailboxRequest.StoreOffer} creates the key or sets its TTL, then the
 *       once-per-lifetime rule ({@code sdp已存在});</li>
 *   <li>step 4: a {@link MailboxRequest.Push} of a blank value → {@code body为空} (no state
 *       change); otherwise the TTL restarts, then {@code sdp已存在} / {@code 队列获取失败，因为不存在} /
 *       {@code sdp没有值} / {@code candidate没有值}, or the pop or append;</li>
 *   <li>step 5: a write over the byte or candidate cap, over {@code --max-key-bytes}, or over the
 *       share of the address that created the key → {@code 缓存超出MaxCost…}, changing nothing.</li>
 * </ol>
 * Pops never block and never hand one item to two callers; pushes keep order per queue.
 */
public interface MailboxStore extends AutoCloseable {
    /**
     * Applies {@code request} from the client address {@code client}; the reply is the envelope's
     * {@code msg} and {@code data}. A key's bytes count against the address that created it.
     */
    Mono<MailboxReply> apply(MailboxRequest request, String client);

    /** Keys held by this node (for {@code signal_mailbox_keys} and {@code /debug/state}). */
    long keyCount();

    /** Bytes held by this node, as {@link MailboxWeigher} counts them ({@code signal_mailbox_bytes}). */
    long bytes();

    @Override
    default void close() {
    }
}
