package dev.signals.server;

import dev.signals.core.call.CallDirectory;
import dev.signals.core.call.CallMessage;
import dev.signals.core.domain.DomainDirectory;
import dev.signals.core.mailbox.MailboxLimits;
import dev.signals.core.mailbox.MailboxStore;
import dev.signals.core.room.RoomDirectory;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Makes the shared stores the dialects use when a backplane joins several nodes into one system
 * (docs/cluster.md). Implemented once per mechanism ({@code server.redis.RedisStores}) and chosen
 * by {@link SignalServer}; a standalone node has none. Each dialect adds the store it needs here,
 * so dialect code never names the mechanism.
 */
public interface ClusterStores {

    /**
     * The frames a room member's socket receives when another member, by id, joins or leaves (the
     * room codec's), kept for members with a resumable session (docs/cluster.md "Resumable sessions").
     */
    record RoomFrames(UnaryOperator<String> newClient, UnaryOperator<String> leaveClient) {
    }

    /**
     * Room membership across nodes, with {@code maxClients} per room (0 = no limit); {@code frames}
     * null keeps no announcement for sessions.
     */
    RoomDirectory rooms(int maxClients, RoomFrames frames);

    /** Room membership that keeps no announcement for sessions. */
    default RoomDirectory rooms(int maxClients) {
        return rooms(maxClients, null);
    }

    /** Mailbox keys any node can serve, within {@code limits} (the byte budget is shared). */
    MailboxStore mailbox(MailboxLimits limits);

    /** Which node and connection holds each domain. */
    DomainDirectory domains();

    /**
     * Call seats, presence and fan-out across nodes; {@code frames} (the call codec's frame of an
     * event as a socket receives it) lets PEER and LEAVE be kept for sockets' resumable sessions
     * (docs/cluster.md "Resumable sessions"), null keeps none.
     */
    CallDirectory calls(CallDirectory.Settings settings, Function<CallMessage.Event, String> frames);

    /** Call seats, presence and fan-out that keep no PEER or LEAVE for sessions. */
    default CallDirectory calls(CallDirectory.Settings settings) {
        return calls(settings, null);
    }
}
