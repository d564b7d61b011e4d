package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.recprompt.base.Hashes;
import org.recprompt.prompt.Message;
import org.recprompt.prompt.RenderedPrompt;

class PromptHashTest {

    private static RenderedPrompt prompt(String text) {
        return new RenderedPrompt("t", "v1", List.of(new Message("user", text)), null, null);
    }

    @Test
    void theHashCoversRolesAndTextsAndIsTheSameWhenRememberedOrComputedAgain() {
        String expected = HexFormat.of().formatHex(Hashes.sha256("user\u0000rank these\u0000".getBytes(StandardCharsets.UTF_8)))
                .substring(0, 16);
        assertThat(CallExecutor.promptHash(prompt("rank these"))).isEqualTo(expected);
        assertThat(CallExecutor.promptHash(prompt(new String("rank these")))).isEqualTo(expected);
        assertThat(CallExecutor.promptHash(prompt("rank those"))).isNotEqualTo(expected);
        assertThat(CallExecutor.promptHash(new RenderedPrompt("t", "v1", List.of(new Message("system", "rank these")), null, null)))
                .isNotEqualTo(expected);
    }
}
