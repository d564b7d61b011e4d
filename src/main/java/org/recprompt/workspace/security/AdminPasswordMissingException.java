package org.recprompt.workspace.security;

/** A login is required but there is no usable administrator: the workbench refuses to start. */
public class AdminPasswordMissingException extends IllegalStateException {

    public AdminPasswordMissingException(String address) {
        super("The workbench is served on " + (address.isEmpty() ? "every interface" : address)
                + ", beyond this machine, and refuses to start without a login: set RECPROMPT_ADMIN_PASSWORD"
                + " (at least " + AccountService.MIN_PASSWORD + " characters) for the administrator account,"
                + " or leave SERVER_ADDRESS unset to serve on 127.0.0.1 only.");
    }

    /** The administrator settings are there but wrong: the reason, as one sentence. */
    public AdminPasswordMissingException(String address, String reason) {
        super("The workbench needs a login on " + (address.isEmpty() ? "every interface" : address)
                + " and refuses to start: " + reason);
    }
}
