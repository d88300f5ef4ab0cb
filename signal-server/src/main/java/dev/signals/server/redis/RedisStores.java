package dev.signals.server.redis;

import dev.signals.core.call.CallDirectory;
import dev.signals.core.domain.DomainDirectory;
import dev.signals.core.mailbox.MailboxLimits;
import dev.signals.core.mailbox.MailboxStore;
import dev.signals.core.room.RoomDirectory;
import dev.signals.server.ClusterStores;

/** The dialects' shared stores over one {@link RedisBackplane}; each registers its per-node state. */
public final class RedisStores implements ClusterStores {
    private final RedisBackplane backplane;

    public RedisStores(RedisBackplane backplane) {
        this.backplane = backplane;
    }

    @Override
    public RoomDirectory rooms(int maxClients) {
        return add(new RedisRoomDirectory(backplane, maxClients));
    }

    @Override
    public MailboxStore mailbox(MailboxLimits limits) {
        return add(new RedisMailboxStore(backplane, limits));
    }

    @Override
    public DomainDirectory domains() {
        return add(new RedisDomainDirectory(backplane));
    }

    @Override
    public CallDirectory calls(CallDirectory.Settings settings) {
        return add(new RedisCallDirectory(backplane, settings));
    }

    private <S extends NodeState> S add(S state) {
        backplane.addState(state);
        return state;
    }
}
