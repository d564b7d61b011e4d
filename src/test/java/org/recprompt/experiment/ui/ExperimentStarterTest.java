package org.recprompt.experiment.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.recprompt.dataset.ReadSettings;
import org.recprompt.dataset.io.ColumnMapping;
import org.recprompt.experiment.ExperimentSpec;
import org.recprompt.experiment.ExperimentYaml;

/** The new experiment's dataset line carries the project dataset's domain, columns and item file. */
class ExperimentStarterTest {

    @Test
    void a_generic_csv_with_an_item_file_writes_format_columns_and_items_that_read_back() {
        Path folder = Path.of("/projects/p/datasets/shelf");
        ColumnMapping m = new ColumnMapping("reader", null, null, null, ';', true,
                new ColumnMapping.ItemFile("books.csv", "book_id", "title", "genres", "|", "image_url", "authors"));

        String keys = ExperimentStarter.datasetKeys(new ReadSettings(m, "book"), folder);
        ExperimentSpec.DatasetSpec ds = ExperimentYaml.read("name: x\ndataset: { path: " + folder + keys + " }\n"
                + "backends: [ { id: pop, type: most-popular } ]\n", "x.yaml").dataset();

        assertThat(ds.domain()).isEqualTo("book");
        assertThat(ds.format()).isEqualTo("csv");
        assertThat(ds.columns().withItems(null)).isEqualTo(m.withItems(null));
        assertThat(ds.columns().items()).isEqualTo(m.items().at(folder.resolve("books.csv").toAbsolutePath().toString()));
    }

    @Test
    void a_dataset_read_with_the_usual_names_writes_only_its_domain() {
        assertThat(ExperimentStarter.datasetKeys(new ReadSettings(ColumnMapping.guess(), "book"), Path.of("/d"))).isEqualTo(", domain: book");
        assertThat(ExperimentStarter.datasetKeys(new ReadSettings(null, null), Path.of("/d"))).isEmpty();
    }
}
