package dev.meridian.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteConfig;

class TransactionsTest {
    private Connection connection;

    @BeforeEach
    void open() throws SQLException {
        connection = new SQLiteConfig().createConnection("jdbc:sqlite::memory:");
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (v INTEGER NOT NULL)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void workIsCommittedTogetherAndTheConnectionIsBackInAutoCommit() throws SQLException {
        int answer = Transactions.inTransaction(connection, () -> {
            insert(1);
            insert(2);
            assertThat(connection.getAutoCommit()).isFalse();
            return 42;
        });

        assertThat(answer).isEqualTo(42);
        assertThat(rows()).isEqualTo(2);
        assertThat(connection.getAutoCommit()).isTrue();
    }

    @Test
    void failedWorkIsRolledBackWholeAndItsOwnErrorIsRethrown() throws SQLException {
        SQLException failure = new SQLException("the work's own error");

        assertThatThrownBy(() -> Transactions.inTransaction(connection, () -> {
            insert(1);
            throw failure;
        })).isSameAs(failure);
        assertThatThrownBy(() -> Transactions.inTransaction(connection, () -> {
            insert(1);
            throw new IllegalStateException("unchecked");
        })).isInstanceOf(IllegalStateException.class).hasMessage("unchecked");

        assertThat(rows()).isZero();
        assertThat(connection.getAutoCommit()).isTrue();
        assertThat(failure.getSuppressed()).isEmpty();
    }

    @Test
    void aRollbackThatFailsIsAddedToTheWorksErrorAsSuppressed() throws SQLException {
        SQLException failure = new SQLException("the work's own error");

        assertThatThrownBy(() -> Transactions.inTransaction(connection, () -> {
            insert(1);
            connection.close(); // the rollback and the return to auto-commit then fail too
            throw failure;
        })).isSameAs(failure);

        assertThat(failure.getSuppressed()).isNotEmpty();
    }

    private void insert(int value) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO t (v) VALUES (" + value + ")");
        }
    }

    private int rows() throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM t")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
