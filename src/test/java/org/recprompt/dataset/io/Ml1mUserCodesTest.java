package org.recprompt.dataset.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.dataset.AgeBands;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.Users;

/** MovieLens 1M's users.dat codes become the README's labels; a code it does not list is an error naming the line. */
class Ml1mUserCodesTest {

    @TempDir
    Path tmp;

    Path ml1m(String users) {
        Path dir = tmp.resolve("ml-1m");
        LoaderFormatsTest.write(dir.resolve("movies.dat"), "1::Toy Story (1995)::Animation\n");
        LoaderFormatsTest.write(dir.resolve("users.dat"), users);
        StringBuilder ratings = new StringBuilder();
        for (String line : users.split("\n")) {
            ratings.append(line.substring(0, line.indexOf("::"))).append("::1::5::978300760\n");
        }
        LoaderFormatsTest.write(dir.resolve("ratings.dat"), ratings.toString());
        return dir;
    }

    @Test
    void every_age_code_and_the_occupation_codes_read_as_the_readme_labels() {
        Dataset d = DatasetLoader.load(ml1m("1::F::1::0::48067\n2::M::18::1::70072\n3::M::25::4::55117\n"
                + "4::F::35::10::02460\n5::M::45::12::55455\n6::F::50::16::55117\n7::M::56::17::06810\n"
                + "8::F::25::19::11413\n9::M::25::20::61614\n10::F::25::18::95370\n"));
        Users u = d.users();
        String[] ages = new String[10];
        String[] jobs = new String[10];
        for (int i = 0; i < 10; i++) {
            ages[i] = u.attribute("age", u.indexOf(String.valueOf(i + 1)));
            jobs[i] = u.attribute("occupation", u.indexOf(String.valueOf(i + 1)));
        }
        assertThat(ages).containsExactly("under 18", "18-24", "25-34", "35-44", "45-49", "50-55", "56+", "25-34", "25-34",
                "25-34");
        assertThat(jobs).containsExactly("other or not specified", "academic/educator", "college/grad student",
                "K-12 student", "programmer", "self-employed", "technician/engineer", "unemployed", "writer",
                "tradesman/craftsman");
        assertThat(u.attribute("gender", u.indexOf("4"))).isEqualTo("F");
        assertThat(u.attribute("zip", u.indexOf("4"))).isEqualTo("02460");
        // the labels are the bands every other age is grouped into, and the codes stay reachable
        assertThat(AgeBands.LABELS).containsExactlyElementsOf(Ml1mUserCodes.AGES.entrySet().stream()
                .sorted(java.util.Map.Entry.comparingByKey()).map(java.util.Map.Entry::getValue).toList());
        assertThat(Ml1mUserCodes.ageCode("45-49")).isEqualTo(45);
        assertThat(Ml1mUserCodes.ageCode("under 18")).isEqualTo(1);
        assertThat(Ml1mUserCodes.occupationCode("programmer")).isEqualTo(12);
        assertThat(Ml1mUserCodes.occupationCode("astronaut")).isEqualTo(-1);
    }

    @Test
    void a_code_the_readme_does_not_list_names_the_file_line_and_field() {
        assertThatThrownBy(() -> DatasetLoader.load(ml1m("1::F::1::0::48067\n2::M::30::1::70072\n")))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("users.dat line 2").hasMessageContaining("age (field 3) is '30'")
                .hasMessageContaining("1, 18, 25, 35, 45, 50, 56");
        assertThatThrownBy(() -> DatasetLoader.load(ml1m("1::F::1::21::48067\n")))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("users.dat line 1").hasMessageContaining("occupation (field 4) is '21'");
    }
}
