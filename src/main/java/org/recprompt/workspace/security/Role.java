package org.recprompt.workspace.security;

/**
 * What an account may do in the whole workbench. An administrator also adds and removes accounts
 * and resets passwords. (Per-project roles - owner, editor, viewer - are a later issue.)
 */
public enum Role {
    ADMIN, USER
}
