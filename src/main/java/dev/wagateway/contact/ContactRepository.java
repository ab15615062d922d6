package dev.wagateway.contact;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

public interface ContactRepository extends JpaRepository<Contact, UUID> {

    boolean existsByTenantIdAndPhone(UUID tenantId, String phone);

    Optional<Contact> findByIdAndTenantId(UUID id, UUID tenantId);
}
