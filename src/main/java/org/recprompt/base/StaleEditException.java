package org.recprompt.base;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * A save refused because what it would overwrite changed since the editor read it (another user,
 * another tab, another process on the same workspace): nothing was written. The editor offers
 * Reload (their version) or Overwrite (save again over it, knowingly).
 *
 * @param what what was saved, e.g. "Template ranking"
 * @param who  the account that saved the newer version, "" when not known
 * @param when when it was saved or changed on disk, null when not known
 */
public class StaleEditException extends RuntimeException {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private final String who;
    private final transient Instant when;

    public StaleEditException(String what, String who, Instant when) {
        super(what + " was changed" + (who == null || who.isEmpty() ? "" : " by " + who)
                + (when == null ? "" : " at " + TIME.format(when)) + " since you opened it; your save did not overwrite it.");
        this.who = who == null ? "" : who;
        this.when = when;
    }

    public String who() {
        return who;
    }

    public Instant when() {
        return when;
    }
}
