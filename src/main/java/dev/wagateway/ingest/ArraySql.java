package dev.wagateway.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/** Set-based statements over PostgreSQL arrays ({@code unnest(?::uuid[])}, {@code = ANY(?)}) through JdbcTemplate. */
final class ArraySql {

    /** An SQL array parameter, created on the statement's own connection. */
    record SqlArray(String type, Object[] values) {
    }

    interface RowHandler {
        void handle(ResultSet rs) throws SQLException;
    }

    private final JdbcTemplate jdbc;

    ArraySql(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    static SqlArray array(String type, Object[] values) {
        return new SqlArray(type, values);
    }

    void query(String sql, List<Object> params, RowHandler handler) {
        jdbc.query(con -> prepare(con, sql, params), rs -> {
            handler.handle(rs);
        });
    }

    void update(String sql, List<Object> params) {
        jdbc.update(con -> prepare(con, sql, params));
    }

    private static PreparedStatement prepare(Connection con, String sql, List<Object> params) throws SQLException {
        PreparedStatement ps = con.prepareStatement(sql);
        for (int i = 0; i < params.size(); i++) {
            Object param = params.get(i);
            if (param instanceof SqlArray array) {
                ps.setArray(i + 1, con.createArrayOf(array.type(), array.values()));
            } else {
                ps.setObject(i + 1, param);
            }
        }
        return ps;
    }
}
