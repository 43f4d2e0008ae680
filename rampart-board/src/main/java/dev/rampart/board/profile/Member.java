package dev.rampart.board.profile;

import java.time.LocalDate;

/**
 * One row of the members directory: only what every signed-in member may see, never the email or the role.
 *
 * @param joined the day the account was created, in UTC
 */
public record Member(String username, String displayName, LocalDate joined) {
}
