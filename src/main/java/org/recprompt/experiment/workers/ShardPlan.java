package org.recprompt.experiment.workers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.recprompt.experiment.Call;

/**
 * How a run's pending calls are cut into shards: per variant, in plan order, blocks of at most
 * {@code users} users (all of a user's repeats in one shard). A variant is one backend, so a shard
 * runs within one backend's limits; a block of users keeps a shard short enough that a dead worker's
 * takeover repeats little, and long enough that the per-shard overhead (a database round trip) is
 * small next to its calls.
 */
public final class ShardPlan {

    /** The default shard size in users (documented in docs/EXPERIMENTS.md, "Runs on workers"). */
    public static final int DEFAULT_USERS = 20;

    /** A planned shard: the variant, its users and how many calls they make. */
    public record Planned(String variant, List<String> userIds, int calls) {
    }

    private ShardPlan() {
    }

    public static List<Planned> split(List<Call> pending, int users) {
        if (users < 1) {
            throw new IllegalArgumentException("--shard-users must be at least 1, not " + users);
        }
        Map<String, Map<String, Integer>> byVariant = new LinkedHashMap<>();
        for (Call c : pending) {
            byVariant.computeIfAbsent(c.variant().id(), v -> new LinkedHashMap<>()).merge(c.userId(), 1, Integer::sum);
        }
        List<Planned> out = new ArrayList<>();
        byVariant.forEach((variant, calls) -> {
            Set<String> block = new LinkedHashSet<>();
            int n = 0;
            for (Map.Entry<String, Integer> e : calls.entrySet()) {
                block.add(e.getKey());
                n += e.getValue();
                if (block.size() == users) {
                    out.add(new Planned(variant, List.copyOf(block), n));
                    block.clear();
                    n = 0;
                }
            }
            if (!block.isEmpty()) {
                out.add(new Planned(variant, List.copyOf(block), n));
            }
        });
        return out;
    }
}
