package dev.rampart.board.database;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.rampart.board.support.BoardIntegrationTest;

/** The starter's timeout defaults reach the pool, the driver and JdbcTemplate without replacing the board's own. */
class DatabaseTimeoutsIntegrationTest extends BoardIntegrationTest {

    @Autowired
    private DataSource dataSource;

    @Autowired
    private JdbcTemplate jdbcTemplate;

    @Test
    void poolAndDriverReceiveTimeouts() throws Exception {
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);

        assertThat(pool.getConnectionTimeout()).isEqualTo(500);
        assertThat(pool.getValidationTimeout()).isEqualTo(250);
        assertThat(pool.getDataSourceProperties()).containsEntry("connectTimeout", "2")
                .containsEntry("loginTimeout", "2").containsEntry("socketTimeout", "5");
        // The board's SQLite settings are merged with the driver timeouts, not replaced by them.
        assertThat(pool.getDataSourceProperties()).containsEntry("journal_mode", "WAL")
                .containsEntry("busy_timeout", "5000");
    }

    @Test
    void brokenConnectionTracesSilenced() {
        // The guard logs each failed call in one line; HikariCP's trace per dropped connection would repeat it.
        assertThat(LoggerFactory.getLogger("com.zaxxer.hikari.pool.ProxyConnection").isWarnEnabled()).isFalse();
        assertThat(LoggerFactory.getLogger("com.zaxxer.hikari.pool.ProxyConnection").isErrorEnabled()).isTrue();
    }

    @Test
    void statementsGetQueryTimeout() {
        assertThat(jdbcTemplate.getQueryTimeout()).isEqualTo(3);
    }
}
