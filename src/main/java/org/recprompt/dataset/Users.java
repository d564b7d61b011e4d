package org.recprompt.dataset;

import java.util.Map;

/**
 * The users, column by column. Attributes are those the dataset has (ml-100k: age, gender,
 * occupation, zip); a dataset without a user file has ids only.
 */
public record Users(IdIndex ids, Map<String, String[]> attributes) {

    public int size() {
        return ids.size();
    }

    public String id(int user) {
        return ids.id(user);
    }

    public int indexOf(String externalId) {
        return ids.find(externalId);
    }

    /** The user's value of an attribute, or null. */
    public String attribute(String name, int user) {
        String[] column = attributes.get(name);
        return column == null || user >= column.length ? null : column[user];
    }
}
