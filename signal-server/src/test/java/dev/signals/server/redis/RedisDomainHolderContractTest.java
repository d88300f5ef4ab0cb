package dev.signals.server.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signals.core.domain.DomainDirectory;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link DomainHolderContract} on {@link RedisDomainDirectory}'s scripts, on one real
 * {@code redis-server} per class. The holder is read from its key ({@code domain:<domain>}, layout
 * in docs/cluster.md) and checked against what {@code route} answers from the holder's node. Runs
 * on one Redis and, with a Cluster's key names, on a one-node Cluster (every script in one slot).
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(RedisStoreFixture.Kind.class)
class RedisDomainHolderContractTest extends DomainHolderContract {
    private static final String NODE = "n 1"; // node ids may contain spaces (domain-lib.lua)
    @RegisterExtension
    static final RedisStoreFixture redis = new RedisStoreFixture();
    @Parameter
    RedisStoreFixture.Kind kind;

    @Override
    Holders holders() {
        RedisStoreNodes nodes = redis.nodes(kind);
        DomainDirectory domains = nodes.start(NODE, "domain", null, RedisStores::domains);
        Duration wait = Duration.ofSeconds(5);
        return new Holders() {
            @Override
            public void claim(String domain, String conn) {
                domains.claim(domain, conn).block(wait);
            }

            @Override
            public void release(String domain, String conn) {
                domains.release(domain, conn).block(wait);
            }

            @Override
            public String holder(String domain) throws Exception {
                String value = (String) redis.process().command("GET", kind.slots.of(nodes.prefix(), domain) + "domain:" + domain);
                DomainDirectory.Routed routed = domains.route(domain, "[]", "").block(wait);
                assertEquals(value == null ? DomainDirectory.Routed.ABSENT : DomainDirectory.Routed.HERE, routed, domain);
                return value == null ? null : value.substring((NODE + " ").length());
            }
        };
    }
}
