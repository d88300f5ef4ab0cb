package dev.signals.server.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * The holder rules of docs/domain.md that {@code LocalDomainRegistry} (one node) and
 * {@code domain-*.lua} (across nodes) both keep, written once (docs/cluster.md "Contract suites"):
 * a claim makes a connection the holder, the last claim wins, and removal is compare-and-remove,
 * so a displaced holder's late release never deletes its successor's entry.
 */
abstract class DomainHolderContract {

    /** Domain holders as the domain dialect uses them, connections named by their ids. */
    interface Holders {
        void claim(String domain, String conn);

        void release(String domain, String conn);

        /** The connection holding {@code domain}, or {@code null}. */
        String holder(String domain) throws Exception;
    }

    /** Fresh, empty holders. */
    abstract Holders holders() throws Exception;

    @Test
    void aClaimedDomainIsHeldUntilItsHolderReleasesIt() throws Exception {
        Holders holders = holders();
        assertNull(holders.holder("d"));
        holders.claim("d", "c1");
        assertEquals("c1", holders.holder("d"));
        holders.release("d", "c1");
        assertNull(holders.holder("d"));
    }

    @Test
    void theLastClaimWinsAndTheDisplacedHoldersReleaseLeavesItsSuccessor() throws Exception {
        Holders holders = holders();
        holders.claim("d", "c1");
        holders.claim("d", "c2");
        assertEquals("c2", holders.holder("d"));
        holders.release("d", "c1");
        assertEquals("c2", holders.holder("d"));
        holders.claim("d", "c1");
        assertEquals("c1", holders.holder("d"));
    }

    @Test
    void aReleaseByAConnectionThatDoesNotHoldTheDomainChangesNothing() throws Exception {
        Holders holders = holders();
        holders.release("nobody", "c1");
        assertNull(holders.holder("nobody"));
        holders.claim("d", "c1");
        holders.release("d", "c9");
        holders.release("other", "c1");
        assertEquals("c1", holders.holder("d"));
    }

    @Test
    void claimingTwiceIsOneClaimAndOneReleaseEndsIt() throws Exception {
        Holders holders = holders();
        holders.claim("d", "c1");
        holders.claim("d", "c1");
        assertEquals("c1", holders.holder("d"));
        holders.release("d", "c1");
        assertNull(holders.holder("d"));
    }

    @Test
    void domainsAreIndependentWhateverTheirNames() throws Exception {
        Holders holders = holders();
        String[] names = {"a", "a b", "A", "ü ✓ 😀", "\"q\"", "domain:a"};
        for (int i = 0; i < names.length; i++) {
            holders.claim(names[i], "c" + i);
        }
        holders.release("a", "c0");
        assertNull(holders.holder("a"));
        for (int i = 1; i < names.length; i++) {
            assertEquals("c" + i, holders.holder(names[i]), names[i]);
        }
    }
}
