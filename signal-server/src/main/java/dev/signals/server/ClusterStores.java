package dev.signals.server;

import dev.signals.core.call.CallDirectory;
import dev.signals.core.domain.DomainDirectory;
import dev.signals.core.mailbox.MailboxLimits;
import dev.signals.core.mailbox.MailboxStore;
import dev.signals.core.room.RoomDirectory;

/**
 * Makes the shared stores the dialects use when a backplane joins several nodes into one system
 * (docs/cluster.md). Implemented once per mechanism ({@code server.redis.RedisStores}) and chosen
 * by {@link SignalServer}; a standalone node has none. Each dialect adds the store it needs here,
 * so dialect code never names the mechanism.
 */
public interface ClusterStores {

    /** Room membership across nodes, with {@code maxClients} per room (0 = no limit). */
    RoomDirectory rooms(int maxClients);

    /** Mailbox keys any node can serve, within {@code limits} (the byte budget is shared). */
    MailboxStore mailbox(MailboxLimits limits);

    /** Which node and connection holds each domain. */
    DomainDirectory domains();

    /** Call seats, presence and fan-out across nodes. */
    CallDirectory calls(CallDirectory.Settings settings);
}
