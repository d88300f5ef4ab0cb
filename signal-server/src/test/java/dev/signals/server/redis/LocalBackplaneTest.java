package dev.signals.server.redis;

import dev.signals.core.backplane.Backplane;
import dev.signals.core.backplane.LocalBackplane;

class LocalBackplaneTest extends BackplaneContract {
    @Override
    Backplane backplane(String nodeId) {
        return new LocalBackplane(nodeId);
    }
}
