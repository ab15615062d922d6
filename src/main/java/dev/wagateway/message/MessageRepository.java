package dev.wagateway.message;

import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

public interface MessageRepository extends JpaRepository<Message, UUID> {

    List<Message> findByTenantIdOrderByCreatedAtDescIdDesc(UUID tenantId, Limit limit);

    List<Message> findByTenantIdAndStatusOrderByCreatedAtDescIdDesc(UUID tenantId, MessageStatus status, Limit limit);
}
