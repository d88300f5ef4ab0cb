package dev.signals.core.mailbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MailboxKeyTest {

    @Test
    void surroundingUnicodeWhiteSpaceIsRemoved() throws MailboxRefusal {
        assertEquals("k", parse(" k"));
        assertEquals("k", parse("\tk \u00a0"));
        assertEquals("k", parse("\u0085k\u3000\u2007\u202f\u205f"));
        assertEquals("a b", parse(" a b "));
        // Not White_Space, so kept: zero-width space and the information separators Java calls white space.
        assertEquals("\u200bk", parse("\u200bk"));
        assertEquals("k\u001f", parse("k\u001f"));
    }

    @Test
    void missingBlankOrInvalidUtf8IsEmpty() {
        assertEquals(MailboxErrors.KEY_EMPTY, error(null));
        assertEquals(MailboxErrors.KEY_EMPTY, error(new byte[0]));
        assertEquals(MailboxErrors.KEY_EMPTY, error(" \u00a0\u3000".getBytes(UTF_8)));
        assertEquals(MailboxErrors.KEY_EMPTY, error(new byte[] {'k', (byte) 0xE9}));
        assertEquals(MailboxErrors.KEY_EMPTY, error(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}));
    }

    @Test
    void lengthIsCountedInCodePoints() throws MailboxRefusal {
        assertEquals("钥".repeat(32), parse("钥".repeat(32)));
        assertEquals("😀".repeat(32), parse(" " + "😀".repeat(32) + " "));
        assertEquals(MailboxErrors.KEY_TOO_LONG, error("钥".repeat(33).getBytes(UTF_8)));
        assertEquals(MailboxErrors.KEY_TOO_LONG, error("k".repeat(33).getBytes(UTF_8)));
        assertEquals(MailboxErrors.KEY_TOO_LONG, error("0123456789abcdef".repeat(4).getBytes(UTF_8)));
    }

    private static String parse(String header) throws MailboxRefusal {
        return MailboxKey.parse(header.getBytes(UTF_8));
    }

    private static String error(byte[] raw) {
        return assertThrows(MailboxRefusal.class, () -> MailboxKey.parse(raw)).msg();
    }
}
