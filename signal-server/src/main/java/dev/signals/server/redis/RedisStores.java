package dev.signals.server.redis;

import dev.signals.core.call.CallDirectory;
import dev.signals.core.call.CallMessage;
import dev.signals.core.domain.DomainDirectory;
import dev.signals.core.mailbox.MailboxLimits;
import dev.signals.core.mailbox.MailboxStore;
import dev.signals.core.room.RoomDirectory;
import dev.signals.server.ClusterStores;
import dev.signals.server.config.SignalConfig;
import java.util.function.Function;

/** The dialects' shared stores over one {@link RedisBackplane}; each registers its per-node state. */
public final class RedisStores implements ClusterStores {
    private final RedisBackplane backplane;
    private final SessionBounds sessions;

    /** Stores whose call and domain scripts know nothing of resumable sessions. */
    public RedisStores(RedisBackplane backplane) {
        this(backplane, null);
    }

    /** With {@code resume} on, call and domain sockets' sessions keep their frames in Redis (docs/cluster.md). */
    public RedisStores(RedisBackplane backplane, SignalConfig.Resume resume) {
        this.backplane = backplane;
        this.sessions = SessionBounds.of(backplane, resume);
    }

    @Override
    public RoomDirectory rooms(int maxClients, RoomFrames frames) {
        return add(new RedisRoomDirectory(backplane, maxClients, sessions, frames));
    }

    @Override
    public MailboxStore mailbox(MailboxLimits limits) {
        return add(new RedisMailboxStore(backplane, limits));
    }

    @Override
    public DomainDirectory domains() {
        return add(new RedisDomainDirectory(backplane, sessions));
    }

    @Override
    public CallDirectory calls(CallDirectory.Settings settings, Function<CallMessage.Event, String> frames) {
        return add(new RedisCallDirectory(backplane, settings, sessions, frames));
    }

    private <S extends NodeState> S add(S state) {
        backplane.addState(state);
        return state;
    }
}
