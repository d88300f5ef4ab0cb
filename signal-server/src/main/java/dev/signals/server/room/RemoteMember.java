package dev.signals.server.room;

/** A room member served by another node (docs/cluster.md); frames for it travel over the backplane. */
record RemoteMember(String clientId, String nodeId) implements RoomMember {

    /** Its own node delivers room events to it. */
    @Override
    public void deliver(String type, String frame) {
    }
}
