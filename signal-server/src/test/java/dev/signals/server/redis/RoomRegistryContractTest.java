package dev.signals.server.redis;

import dev.signals.core.room.RoomRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@link RoomMembershipContract} on a standalone node's {@link RoomRegistry}; each client knows its
 * room, as a {@code RoomSocket} does, and moves with {@link RoomRegistry#move}.
 */
class RoomRegistryContractTest extends RoomMembershipContract {
    private record Client(String clientId) implements RoomRegistry.Member {
    }

    private static final RoomRegistry.MembershipEvents<Client> QUIET = new RoomRegistry.MembershipEvents<>() {
        @Override
        public void joined(String roomId, Client joiner, List<Client> existing) {
        }

        @Override
        public void rejoined(String roomId, Client joiner, List<Client> others) {
        }

        @Override
        public void left(String roomId, Client leaver, List<Client> remaining) {
        }
    };

    @Override
    Rooms rooms(int cap) {
        RoomRegistry<Client> registry = new RoomRegistry<>(cap);
        Map<String, Client> clients = new HashMap<>();
        Map<String, String> roomOf = new HashMap<>();
        return new Rooms() {
            @Override
            public List<String> join(String room, String client) {
                Client member = clients.computeIfAbsent(client, Client::new);
                if (registry.move(roomOf.get(client), room, member, QUIET) == RoomRegistry.JoinOutcome.FULL) {
                    return null;
                }
                roomOf.put(client, room);
                return members(room);
            }

            @Override
            public void leave(String room, String client) {
                Client member = clients.get(client);
                if (member != null && registry.leave(room, member, QUIET)) {
                    roomOf.remove(client);
                }
            }

            @Override
            public List<String> members(String room) {
                return registry.members(room).stream().map(Client::clientId).collect(Collectors.toList());
            }
        };
    }
}
