package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.experiment.workers.ShardPlan;

/** A run's calls cut into shards: per variant, in plan order, blocks of users with all their repeats. */
class ShardPlanTest {

    @TempDir
    Path dir;

    @Test
    void shards_are_blocks_of_users_of_one_variant_with_every_repeat_of_a_user() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, 7);
        Path tpl = ExperimentFixtures.template(dir, "ranking");
        Path exp = ExperimentFixtures.experiment(dir, data, tpl, 7, "{ id: pop, type: most-popular }", "{ id: rnd, type: random }");
        RunSetup setup = RunSetup.prepare(ExperimentFile.load(exp, dir), RunEnvironment.offline());

        List<ShardPlan.Planned> shards = ShardPlan.split(setup.calls(), 3);

        assertThat(shards).extracting(ShardPlan.Planned::variant).containsExactly("pop", "pop", "pop", "rnd", "rnd", "rnd");
        assertThat(shards).extracting(s -> s.userIds().size()).containsExactly(3, 3, 1, 3, 3, 1);
        assertThat(shards.stream().mapToInt(ShardPlan.Planned::calls).sum()).isEqualTo(setup.calls().size());
        assertThat(shards.get(0).userIds()).containsExactlyElementsOf(
                setup.calls().stream().filter(c -> c.variant().id().equals("pop")).map(Call::userId).limit(3).toList());
        assertThatThrownBy(() -> ShardPlan.split(setup.calls(), 0)).hasMessageContaining("--shard-users");
    }
}
