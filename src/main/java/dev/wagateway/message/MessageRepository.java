package dev.wagateway.message;

import java.util.List;
import java.util.UUID;

import java.util.Optional;

import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

public interface MessageRepository extends JpaRepository<Message, UUID> {

    /** The messages WhatsApp gave this id (normally one), locked while a reported status is applied. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select m from Message m where m.externalMessageId = :externalId")
    List<Message> findByExternalIdForUpdate(String externalId);

    /** SELECT … FOR UPDATE: the redelivery claim (FOR UPDATE SKIP LOCKED) passes over the row until we commit. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select m from Message m where m.id = :id")
    Optional<Message> findByIdForUpdate(UUID id);
}
