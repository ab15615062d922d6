package dev.wagateway.message;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

public interface ConversationRepository extends JpaRepository<Conversation, UUID> {

    /** Creates the conversation of the pair unless it exists; safe when two sends race for a new pair. */
    @Modifying
    @Query(value = """
            INSERT INTO conversations (id, tenant_id, contact_id, created_at)
            VALUES (:id, :tenantId, :contactId, :now)
            ON CONFLICT (tenant_id, contact_id) DO NOTHING""", nativeQuery = true)
    int insertIfAbsent(UUID id, UUID tenantId, UUID contactId, Instant now);

    /** JPQL rather than a derived query: its plan is cached (see ContactRepository). */
    @Query("select c from Conversation c where c.tenantId = :tenantId and c.contactId = :contactId")
    Optional<Conversation> findByTenantIdAndContactId(UUID tenantId, UUID contactId);

    @Modifying
    @Query("UPDATE Conversation c SET c.lastMessageAt = :at WHERE c.id = :id")
    int touch(UUID id, Instant at);
}
