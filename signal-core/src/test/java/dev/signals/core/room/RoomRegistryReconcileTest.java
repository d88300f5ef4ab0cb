package dev.signals.core.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of {@link RoomRegistry} a clustered node's room views rely on. */
class RoomRegistryReconcileTest {

    /** A member; {@code local} ones anchor a room. */
    record M(String clientId, boolean local) implements RoomRegistry.Member {
    }

    /** Records announcements as text. */
    static final class Log implements RoomRegistry.MembershipEvents<M> {
        final List<String> lines = new ArrayList<>();

        @Override
        public void joined(String roomId, M joiner, List<M> existing) {
            lines.add("+" + joiner.clientId() + " to " + ids(existing));
        }

        @Override
        public void rejoined(String roomId, M joiner, List<M> others) {
            lines.add("=" + joiner.clientId());
        }

        @Override
        public void left(String roomId, M leaver, List<M> remaining) {
            lines.add("-" + leaver.clientId() + " to " + ids(remaining));
        }

        static List<String> ids(List<M> ms) {
            List<String> out = new ArrayList<>();
            ms.forEach(m -> out.add(m.clientId()));
            return out;
        }
    }

    private final RoomRegistry<M> views = new RoomRegistry<>(0, M::local);
    private final Log log = new Log();

    @Test
    void reconcileTakesTheGivenOrderAndAnnouncesArrivalsToThoseBeforeThem() {
        M joiner = new M("j", true);
        views.reconcile("r", current -> List.of(new M("x", false), new M("y", false), joiner), log);
        assertEquals(List.of("+x to []", "+y to [x]", "+j to [x, y]"), log.lines);
        assertEquals(List.of("x", "y", "j"), Log.ids(views.members("r")));
    }

    @Test
    void reconcileAnnouncesDeparturesAndArrivalsToExistingMembers() {
        M mine = new M("m", true);
        views.join("r", mine, log);
        views.joinIfPresent("r", new M("x", false), log);
        log.lines.clear();
        views.reconcile("r", current -> List.of(mine, new M("z", false)), log);
        assertEquals(List.of("-x to [m]", "+z to [m]"), log.lines);
    }

    @Test
    void aRoomWithoutAnAnchorIsDeletedAndRemoteJoinsDoNotCreateOne() {
        M mine = new M("m", true);
        views.join("r", mine, log);
        views.joinIfPresent("r", new M("x", false), log);
        views.leave("r", mine, log);
        assertEquals(0, views.roomCount());
        assertNull(views.joinIfPresent("r", new M("y", false), log));
        assertEquals(0, views.roomCount());
        views.reconcile("r", current -> List.of(new M("x", false)), log);
        assertEquals(0, views.roomCount());
    }

    @Test
    void memberCountCanCountOnlyAnchors() {
        views.join("r", new M("m", true), log);
        views.joinIfPresent("r", new M("x", false), log);
        assertEquals(2, views.memberCount());
        assertEquals(1, views.memberCount(M::local));
    }
}
