package org.recprompt.dataset;

import org.recprompt.dataset.io.ColumnMapping;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How a project's dataset is read, as stored with it ({@link ProjectDataset#getReadOptions()},
 * JSON): the generic CSV column mapping with its item file (the file's name, resolved in the
 * dataset's folder), and the domain the researcher chose (null: the descriptor's or the format's).
 * Rows written before domains existed hold the bare column mapping; they read as that mapping.
 *
 * @param mapping the column mapping, or null for formats that need none
 * @param domain a domain name ({@link Domain#byName}), or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReadSettings(ColumnMapping mapping, String domain) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public ReadSettings {
        domain = domain == null || domain.isBlank() ? null : Domain.byName(domain).noun();
    }

    /** Nothing to store: null. */
    public String toJson() {
        if (mapping == null && domain == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads stored JSON (null: nothing stored); a bare column mapping is the form of older rows. */
    public static ReadSettings fromJson(String json) {
        if (json == null || json.isBlank()) {
            return new ReadSettings(null, null);
        }
        try {
            JsonNode tree = JSON.readTree(json);
            if (tree.has("mapping") || tree.has("domain")) {
                return JSON.treeToValue(tree, ReadSettings.class);
            }
            return new ReadSettings(JSON.treeToValue(tree, ColumnMapping.class), null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The stored read options are not readable: " + e.getMessage(), e);
        }
    }

    /** The stored domain, or null. */
    public Domain domainOrNull() {
        return domain == null ? null : Domain.byName(domain);
    }
}
