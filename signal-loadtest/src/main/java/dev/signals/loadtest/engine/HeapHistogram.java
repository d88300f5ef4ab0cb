package dev.signals.loadtest.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live objects of a JVM by class, as {@code jcmd PID GC.class_histogram} prints them: that
 * command runs a full collection and counts only reachable objects, so its total is the live set,
 * with no young-generation garbage in it (docs/benchmarks.md "Heap per connection").
 */
public record HeapHistogram(long totalBytes, Map<String, Row> byClass) {
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
    private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)");

    public static final HeapHistogram NONE = new HeapHistogram(-1, Map.of());

    /** Instances and bytes of one class. */
    public record Row(long instances, long bytes) {
    }

    /** One class's growth between two histograms, per unit (per connection). */
    public record Growth(String className, double instances, double bytes) {
    }

    /** Parses {@code GC.class_histogram} output; {@link #NONE} when it holds no total. */
    public static HeapHistogram parse(String text) {
        Map<String, Row> rows = new HashMap<>();
        long total = -1;
        for (String line : text.split("\n")) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                // Hidden classes (lambdas) print a per-run address: one name for all of them.
                String name = row.group(3).replaceAll("\\$\\$Lambda\\$.*", "\\$\\$Lambda");
                Row r = new Row(Long.parseLong(row.group(1)), Long.parseLong(row.group(2)));
                rows.merge(name, r, (a, b) -> new Row(a.instances + b.instances, a.bytes + b.bytes));
                continue;
            }
            Matcher t = TOTAL.matcher(line);
            if (t.find()) {
                total = Long.parseLong(t.group(2));
            }
        }
        return total < 0 ? NONE : new HeapHistogram(total, Map.copyOf(rows));
    }

    /** This histogram in the form {@link #parse} reads, largest classes first. */
    public String format() {
        StringBuilder out = new StringBuilder();
        List<Map.Entry<String, Row>> rows = new ArrayList<>(byClass.entrySet());
        rows.sort((x, y) -> Long.compare(y.getValue().bytes(), x.getValue().bytes()));
        int n = 0;
        long instances = 0;
        for (Map.Entry<String, Row> e : rows) {
            instances += e.getValue().instances();
            out.append(String.format(Locale.ROOT, "%5d: %12d %14d  %s%n", ++n, e.getValue().instances(),
                    e.getValue().bytes(), e.getKey()));
        }
        out.append(String.format(Locale.ROOT, "Total %12d %14d%n", instances, totalBytes));
        return out.toString();
    }

    /** The classes that grew most from {@code before} to this, divided by {@code units}, largest first. */
    public List<Growth> growthSince(HeapHistogram before, long units, int limit) {
        Set<String> names = new HashSet<>(byClass.keySet());
        names.addAll(before.byClass.keySet());
        List<Growth> out = new ArrayList<>();
        for (String name : names) {
            Row a = byClass.getOrDefault(name, new Row(0, 0));
            Row b = before.byClass.getOrDefault(name, new Row(0, 0));
            out.add(new Growth(name, (a.instances - b.instances) / (double) units, (a.bytes - b.bytes) / (double) units));
        }
        out.sort((x, y) -> Double.compare(y.bytes(), x.bytes()));
        return out.subList(0, Math.min(limit, out.size()));
    }

    /** A Markdown table of {@link #growthSince}, with the total per unit on top. */
    public String growthTable(HeapHistogram before, long units, int limit) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "live heap per connection: %.0f B (%d connections)%n%n",
                (totalBytes - before.totalBytes) / (double) units, units));
        md.append("| class | instances per connection | bytes per connection |\n|---|---|---|\n");
        for (Growth g : growthSince(before, units, limit)) {
            md.append(String.format(Locale.ROOT, "| `%s` | %.2f | %.1f |%n", g.className(), g.instances(), g.bytes()));
        }
        return md.toString();
    }
}
