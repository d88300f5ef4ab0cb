package dev.signals.server.redis;

import dev.signals.core.domain.DomainRegistry;
import dev.signals.core.domain.LocalDomainRegistry;

/** {@link DomainHolderContract} on a node's {@link LocalDomainRegistry}, its sockets named by connection id. */
class LocalDomainRegistryContractTest extends DomainHolderContract {
    @Override
    Holders holders() {
        DomainRegistry<String> registry = new LocalDomainRegistry<>();
        return new Holders() {
            @Override
            public void claim(String domain, String conn) {
                registry.register(domain, conn);
            }

            @Override
            public void release(String domain, String conn) {
                registry.unregister(domain, conn);
            }

            @Override
            public String holder(String domain) {
                return registry.find(domain);
            }
        };
    }
}
