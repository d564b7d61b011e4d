package org.recprompt.workspace.security;

/** A login is required but there is no usable administrator: the workbench refuses to start. */
public class AdminPasswordMissingException extends IllegalStateException {

    public AdminPasswordMissingException(ServingMode mode) {
        super(why(mode) + " and refuses to start without a login: set RECPROMPT_ADMIN_PASSWORD (at least "
                + AccountService.MIN_PASSWORD + " characters) for the administrator account" + undo(mode) + ".");
    }

    private static String why(ServingMode mode) {
        if (mode.beyondLoopback()) {
            return "The workbench is served on " + (mode.address().isEmpty() ? "every interface" : mode.address()) + ", beyond this machine,";
        }
        if (!mode.allowedHosts().isEmpty()) {
            return "The workbench answers to " + String.join(", ", mode.allowedHosts()) + " (RECPROMPT_ALLOWED_HOSTS), for other machines through a proxy,";
        }
        return "The workbench is set to ask for a login (RECPROMPT_LOGIN=always)";
    }

    private static String undo(ServingMode mode) {
        if (mode.beyondLoopback()) {
            return ", or leave SERVER_ADDRESS unset to serve on 127.0.0.1 only";
        }
        return !mode.allowedHosts().isEmpty() ? ", or leave RECPROMPT_ALLOWED_HOSTS unset to serve this machine only" : "";
    }

    /** The administrator settings are there but wrong: the reason, as one sentence. */
    public AdminPasswordMissingException(String address, String reason) {
        super("The workbench needs a login on " + (address.isEmpty() ? "every interface" : address)
                + " and refuses to start: " + reason);
    }
}
