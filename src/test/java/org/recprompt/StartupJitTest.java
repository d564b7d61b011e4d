package org.recprompt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StartupJitTest {

    @Test
    void addsTheDirectiveOnHotSpotAndRemovesItOnce() {
        StartupJit jit = StartupJit.begin(null);
        // HotSpot (the JDK the workbench runs on) has the diagnostic commands: a wrong operation name would leave it inactive
        assertThat(jit.active()).isTrue();
        assertThat(jit.end()).isTrue();
        assertThat(jit.active()).isFalse();
        assertThat(jit.end()).isFalse();
    }

    @Test
    void offLeavesTheCompilerAlone() {
        StartupJit jit = StartupJit.begin("OFF");
        assertThat(jit.active()).isFalse();
        assertThat(jit.end()).isFalse();
    }
}
