package org.recprompt.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** Variants keep distinct colours up to sixteen; the palette then repeats. */
class ChartsPaletteTest {

    @Test
    void sixteen_variants_get_sixteen_colours_and_the_seventeenth_repeats_the_first() {
        Set<Integer> rgb = new HashSet<>();
        IntStream.range(0, 16).forEach(n -> rgb.add(Charts.colour(n).getRGB()));
        assertThat(rgb).hasSize(16);
        assertThat(Charts.colour(16)).isEqualTo(Charts.colour(0));
        assertThat(Charts.colour(-1)).isEqualTo(Charts.colour(15));
        // the first eight stay the colour-blind-safe Okabe-Ito set the reports were drawn with
        assertThat(Charts.colour(1).getRGB() & 0xFFFFFF).isEqualTo(0xE69F00);
    }
}
