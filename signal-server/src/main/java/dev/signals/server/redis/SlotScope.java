package dev.signals.server.redis;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where one dialect's keys live for its scripts ({@link KeySlots}, docs/cluster.md "Redis
 * Cluster"): the prefix a script gets for an entity, a node's index in that slot, the slots this
 * node has held entities in (to refresh and re-sync them), the slots a dead node left an index in
 * (to reap them), and the lease checks a script cannot make outside its slot. On one Redis or
 * behind Sentinel there is one prefix, {@code --redis-prefix}, and scripts read the leases themselves.
 */
final class SlotScope {
    private static final Pattern TAGGED = Pattern.compile("\\{[0-9A-Za-z]{1,3}}");

    private final String base;
    private final KeySlots slots;
    private final String indexKind;
    private final RedisLink link;
    private final NodeLease lease;
    /** Slot prefixes this node has held entities in (a Cluster only; at most one per slot). */
    private final Set<String> used = ConcurrentHashMap.newKeySet();

    /** {@code indexKind}: the name of a node's index, e.g. {@code node-domains:}. */
    SlotScope(RedisBackplane backplane, String indexKind) {
        this.base = backplane.prefix();
        this.slots = backplane.slots();
        this.indexKind = indexKind;
        this.link = backplane.link();
        this.lease = backplane.lease();
    }

    /** The prefix of {@code id}'s keys, the ARGV[1] of a script about it. */
    String of(String id) {
        return slots.of(base, id);
    }

    /** {@code node}'s index under {@code prefix}. */
    String index(String prefix, String node) {
        return prefix + indexKind + node;
    }

    /** This node holds an entity under {@code prefix} now. */
    void mark(String prefix) {
        if (slots.cluster()) {
            used.add(prefix);
        }
    }

    /** The prefixes under which this node may hold entities. */
    Collection<String> used() {
        return slots.cluster() ? List.copyOf(used) : List.of(base);
    }

    /**
     * {@code live} by the prefix of each one's entity id, in order, with every other prefix this
     * node has used mapped to nothing, so that a re-sync also drops what it no longer holds there.
     */
    <T> Map<String, List<T>> group(Collection<T> live, Function<T, String> id) {
        Map<String, List<T>> out = new LinkedHashMap<>();
        live.forEach(item -> out.computeIfAbsent(of(id.apply(item)), p -> new ArrayList<>()).add(item));
        out.keySet().forEach(this::mark);
        used().forEach(p -> out.putIfAbsent(p, List.of()));
        return out;
    }

    /**
     * The live nodes for a script that may not read the leases: '' on one Redis (the script reads
     * them), else a JSON array of the nodes holding a lease now.
     */
    Mono<String> liveNodes() {
        if (!slots.cluster()) {
            return Mono.just("");
        }
        return lease.live().map(nodes -> {
            StringBuilder json = new StringBuilder("[");
            for (String node : nodes) {
                json.append(json.length() > 1 ? "," : "").append('"')
                        .append(JsonStringEncoder.getInstance().quoteAsString(node)).append('"');
            }
            return json.append(']').toString();
        });
    }

    /** The prefixes under which {@code node} left an index. */
    Flux<String> indexesOf(String node) {
        return having(indexKind + node);
    }

    /**
     * The prefixes under which a key {@code name} exists (on a Cluster found with SCAN, so only
     * for work that is not on a hot path: reaping, sweeping).
     */
    Flux<String> having(String name) {
        if (!slots.cluster()) {
            return Flux.just(base);
        }
        return link.scan(glob(base) + "{*}" + glob(name))
                .filter(key -> key.endsWith(name)
                        && TAGGED.matcher(key.substring(base.length(), key.length() - name.length())).matches())
                .map(key -> key.substring(0, key.length() - name.length()))
                .distinct();
    }

    /**
     * {@code batch}, a reaping step, unless {@code node} holds a lease again; on one Redis the
     * script checks that itself. Answers as a reaping script does ({@code {-1, 0}}: alive).
     */
    Mono<List<Object>> unlessAlive(String node, Mono<List<Object>> batch) {
        if (!slots.cluster()) {
            return batch;
        }
        return lease.live().flatMap(nodes -> nodes.contains(node) ? Mono.just(List.<Object>of(-1L, 0L)) : batch);
    }

    /**
     * Runs {@code script} on {@code node}'s index in every slot this node has used, one after the
     * other: ARGV = the slot's prefix, then {@code args}. The directories refresh their keys' TTLs
     * this way on each lease renewal.
     */
    Mono<Void> eachIndex(LuaScript script, String node, String... args) {
        return Flux.fromIterable(used())
                .concatMap(prefix -> link.evalKeys(script, new String[] {index(prefix, node)},
                        ScriptArgs.leading(new String[] {prefix}, args)))
                .then();
    }

    /**
     * Drains dead {@code node}'s index in every slot it left one in, in batches of {@code script}
     * (ARGV = the slot's prefix, then {@code args}), each run only while its lease stays lapsed.
     */
    Mono<Void> reapEachIndex(LuaScript script, String node, String... args) {
        return indexesOf(node).concatMap(prefix -> Batches.drain(() -> unlessAlive(node,
                link.evalKeys(script, new String[] {index(prefix, node)}, ScriptArgs.leading(new String[] {prefix}, args)))))
                .then();
    }

    private static String glob(String literal) {
        return literal.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }
}
