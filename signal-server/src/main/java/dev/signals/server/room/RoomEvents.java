package dev.signals.server.room;

import dev.signals.core.room.RoomCodec;
import dev.signals.core.room.RoomRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * Membership fan-out (docs/room.md). Runs in the room's outbox, one change at a time in the order
 * the registry made them ({@link RoomRegistry}), so the joiner's {@code joined} is queued before
 * any member sees {@code new-client}, and every member sees a room's joins and leaves in one order. Frames for {@link RemoteMember}s are dropped here: their
 * own node announces the change to them.
 */
final class RoomEvents implements RoomRegistry.MembershipEvents<RoomMember> {
    private final RoomCodec codec;

    RoomEvents(RoomCodec codec) {
        this.codec = codec;
    }

    @Override
    public void joined(String roomId, RoomMember joiner, List<RoomMember> existing) {
        if (!(joiner instanceof RemoteMember)) {
            joiner.deliver("joined", codec.joined(ids(existing), roomId));
        }
        String announce = codec.newClient(joiner.clientId());
        for (RoomMember member : existing) {
            member.deliver("new-client", announce);
        }
    }

    @Override
    public void rejoined(String roomId, RoomMember joiner, List<RoomMember> others) {
        joiner.deliver("joined", codec.joined(ids(others), roomId));
    }

    @Override
    public void left(String roomId, RoomMember leaver, List<RoomMember> remaining) {
        String frame = codec.leaveClient(leaver.clientId());
        for (RoomMember member : remaining) {
            member.deliver("leave-client", frame);
        }
    }

    private static List<String> ids(List<RoomMember> members) {
        List<String> out = new ArrayList<>(members.size());
        for (RoomMember m : members) {
            out.add(m.clientId());
        }
        return out;
    }
}
