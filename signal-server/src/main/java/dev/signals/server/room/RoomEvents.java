package dev.signals.server.room;

import dev.signals.core.room.RoomCodec;
import dev.signals.core.room.RoomRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * Membership fan-out of PROTOCOLS.md §4. Runs inside the room's critical section, so the joiner's
 * {@code joined} is queued before any member sees {@code new-client}, and every member sees a
 * room's joins and leaves in one order.
 */
final class RoomEvents implements RoomRegistry.MembershipEvents<RoomSocket> {
    private final RoomCodec codec;

    RoomEvents(RoomCodec codec) {
        this.codec = codec;
    }

    @Override
    public void joined(String roomId, RoomSocket joiner, List<RoomSocket> existing) {
        joiner.deliver("joined", codec.joined(ids(existing), roomId));
        String announce = codec.newClient(joiner.clientId());
        for (RoomSocket member : existing) {
            member.deliver("new-client", announce);
        }
    }

    @Override
    public void rejoined(String roomId, RoomSocket joiner, List<RoomSocket> others) {
        joiner.deliver("joined", codec.joined(ids(others), roomId));
    }

    @Override
    public void left(String roomId, RoomSocket leaver, List<RoomSocket> remaining) {
        String frame = codec.leaveClient(leaver.clientId());
        for (RoomSocket member : remaining) {
            member.deliver("leave-client", frame);
        }
    }

    private static List<String> ids(List<RoomSocket> members) {
        List<String> out = new ArrayList<>(members.size());
        for (RoomSocket m : members) {
            out.add(m.clientId());
        }
        return out;
    }
}
