package dev.signals.loadtest.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessSetTest {
    @Test
    void aPidGivenTwiceOrNotAPidIsRefused() {
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> ProcessSet.of(11, 12, 11));
        assertEquals("process id 11 given twice", twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProcessSet.of(0));
        assertThrows(IllegalArgumentException.class, () -> ProcessSet.of(-3));
        assertEquals(List.of(30L, 10L, 20L), ProcessSet.of(30, 10, 20).pids(), "kept in the order given");
        assertEquals(30, ProcessSet.of(30, 10).first());
        assertEquals(0, ProcessSet.NONE.first());
    }

    @Test
    void cpuIsSummedOverTheSetAndKeptPerPid() {
        ProcessSet set = ProcessSet.of(7, 8, 9);
        ProcessSet.Reading before = new ProcessSet.Reading(List.of(1.0, 10.0, 100.0), 3000);
        ProcessSet.Reading after = new ProcessSet.Reading(List.of(1.5, 12.0, 100.25), 3600);
        assertEquals(111.0, before.cpuSeconds(), 1e-9);
        assertEquals(2.75, ProcessSet.cpuUsed(before, after), 1e-9);
        Map<Long, Double> each = new LinkedHashMap<>();
        each.put(7L, 0.5);
        each.put(8L, 2.0);
        each.put(9L, 0.25);
        assertEquals(each, set.cpuBetween(before, after));
        assertEquals(List.of(7L, 8L, 9L), List.copyOf(set.cpuBetween(before, after).keySet()), "in the set's order");
    }

    @Test
    void oneUnreadablePidMakesTheSumUnknownButNotTheOthers() {
        ProcessSet set = ProcessSet.of(7, 8);
        ProcessSet.Reading before = new ProcessSet.Reading(List.of(1.0, 2.0), 100);
        ProcessSet.Reading after = new ProcessSet.Reading(List.of(3.0, -1.0), -1);
        assertEquals(-1, after.cpuSeconds());
        assertEquals(-1, ProcessSet.cpuUsed(before, after));
        assertEquals(Map.of(7L, 2.0, 8L, -1.0), set.cpuBetween(before, after));
        assertEquals(-1, ProcessSet.cpuUsed(ProcessSet.Reading.NONE, ProcessSet.Reading.NONE), "no pid given");
    }

    @Test
    void aSetOfOneHasNoFigurePerPidSinceItsTotalIsThatFigure() {
        ProcessSet.Reading before = new ProcessSet.Reading(List.of(4.0), 100);
        ProcessSet.Reading after = new ProcessSet.Reading(List.of(6.5), 100);
        assertTrue(ProcessSet.of(42).cpuBetween(before, after).isEmpty());
        assertEquals(2.5, ProcessSet.cpuUsed(before, after), 1e-9);
    }
}
