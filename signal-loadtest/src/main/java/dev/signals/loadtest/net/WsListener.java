package dev.signals.loadtest.net;

import io.netty.buffer.ByteBuf;

/** What a scenario does with one connection's inbound traffic; called on the connection's event loop. */
public interface WsListener {
    /** One text message; {@code utf8} is valid only during the call (it is released afterwards). */
    void onText(WsConn conn, ByteBuf utf8);

    /** The connection is gone; {@code code} is the close code received, or -1 when none was. */
    default void onClosed(WsConn conn, int code, String reason) {
    }
}
