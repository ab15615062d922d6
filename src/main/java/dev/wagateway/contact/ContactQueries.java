package dev.wagateway.contact;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.wagateway.api.Page;
import dev.wagateway.api.PageCursor;
import dev.wagateway.api.Requests;
import dev.wagateway.tenant.Caller;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code GET /contacts?phone=&limit=&cursor=}: the caller's contacts, newest first by the keyset (created_at, id)
 * (V12's ix_contacts_tenant_created), a page at a time; {@code phone}, in any format libphonenumber reads, finds the
 * contact of the normalised number (uq_contacts_tenant_phone).
 */
@Component("contactQueries")
public class ContactQueries {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    private static final String COLUMNS = "SELECT id, tenant_id, name, phone, created_at, opted_out_at FROM contacts";

    private final JdbcTemplate jdbc;

    public ContactQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A bad {@code phone} is INVALID_PHONE_NUMBER, as in POST /contacts; a bad limit or cursor VALIDATION_ERROR. */
    public Page<ContactView> list(Caller caller, String phone, String limit, String cursor) {
        UUID tenant = caller.tenant();
        int max = Requests.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        PageCursor after = PageCursor.decode(cursor, PageCursor.Kind.CONTACTS);
        StringBuilder where = new StringBuilder(" WHERE tenant_id = ?");
        List<Object> args = new ArrayList<>(List.of(tenant));
        if (phone != null && !phone.isEmpty()) {
            where.append(" AND phone = ?");
            args.add(PhoneNumbers.toE164(phone));
        }
        if (after != null) {
            after.restrict(where, args, "created_at");
        }
        args.add(max + 1);
        List<ContactView> found = jdbc.query(COLUMNS + where + " ORDER BY created_at DESC, id DESC LIMIT ?",
                ContactQueries::view, args.toArray());
        return Page.of(found, max, PageCursor.Kind.CONTACTS, ContactView::createdAt, ContactView::id);
    }

    /** A row of {@code contacts} as the API shows it (also {@code Consent}'s answer and events). */
    public static ContactView view(ResultSet rs, int row) throws SQLException {
        Timestamp optedOut = rs.getTimestamp("opted_out_at");
        return new ContactView(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getString("name"), rs.getString("phone"), rs.getTimestamp("created_at").toInstant(),
                optedOut == null ? null : optedOut.toInstant());
    }
}
