package dev.rampart.board.database;

import java.sql.SQLException;

import com.zaxxer.hikari.SQLExceptionOverride;

import dev.rampart.hardening.resilience.DatabaseFailure;

/**
 * Makes HikariCP discard a connection on which SQLite reported its database busy or locked. When BEGIN IMMEDIATE
 * fails that way, sqlite-jdbc (checked in 3.54.1.0) has already switched the connection's auto-commit flag off
 * although no transaction began. Spring would then skip BEGIN on that connection, each statement would commit on
 * its own, and the COMMIT would fail with 500 after the rows were stored. A new connection to a local file is
 * cheap. Every other failure keeps HikariCP's own rules.
 */
public class BusyConnectionEviction implements SQLExceptionOverride {

    @java.lang.Override
    public Override adjudicate(SQLException failure) {
        return DatabaseFailure.of(failure) == DatabaseFailure.BUSY ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
    }
}
