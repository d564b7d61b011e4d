package org.recprompt.backend.ui;

import org.recprompt.backend.BackendSettings;

/**
 * What a background call to a backend's server needs, taken from the editor on the UI thread: the
 * settings as typed (saved or not), the backend's stored key name and a key typed but not yet saved.
 */
record Probe(Long projectId, String label, BackendSettings settings, String secretName, String typedKey) {

    @Override
    public String toString() { // never print the typed key
        return "Probe[" + label + "]";
    }
}
