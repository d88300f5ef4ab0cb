package dev.signals.loadtest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.loadtest.scenario.RunSettings;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TargetOptionsTest {
    private static RunSettings parse(String... args) {
        RoomRelayCommand command = new RoomRelayCommand();
        new CommandLine(command).parseArgs(args);
        return command.target.settings("room-relay");
    }

    @Test
    void serverPidsAreCommaSeparatedOrRepeatedInTheOrderGiven() {
        RunSettings s = parse("--target", "http://127.0.0.1:1", "--server-pid", "11,12", "--server-pid", "13",
                "--backend-pid", "21", "--backend-pid", "22,23");
        assertEquals(List.of(11L, 12L, 13L), s.serverPids().pids());
        assertEquals(List.of(21L, 22L, 23L), s.backendPids().pids());
    }

    @Test
    void oneServerPidAndNoneReadAsBefore() {
        assertEquals(List.of(42L), parse("--target", "http://127.0.0.1:1", "--server-pid", "42").serverPids().pids());
        RunSettings none = parse("--target", "http://127.0.0.1:1");
        assertTrue(none.serverPids().isEmpty());
        assertTrue(none.backendPids().isEmpty());
    }

    @Test
    void aPidCountedTwiceIsRefusedNamingTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("--target", "http://127.0.0.1:1", "--server-pid", "11,12", "--server-pid", "11"));
        assertEquals("--server-pid: process id 11 given twice", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> parse("--target", "http://127.0.0.1:1", "--backend-pid", "0"));
        assertEquals("--backend-pid: not a process id: 0", e.getMessage());
        assertThrows(CommandLine.ParameterException.class,
                () -> parse("--target", "http://127.0.0.1:1", "--server-pid", "11,x"));
    }
}
