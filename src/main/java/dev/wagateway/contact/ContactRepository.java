package dev.wagateway.contact;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface ContactRepository extends JpaRepository<Contact, UUID> {

    // JPQL, not derived queries: Hibernate caches a JPQL string's plan, while a derived query's criteria tree is
    // translated again on every call (a seventh of the intake's CPU in the benchmark's profile)
    @Query("select count(c) > 0 from Contact c where c.tenantId = :tenantId and c.phone = :phone")
    boolean existsByTenantIdAndPhone(UUID tenantId, String phone);

    @Query("select c from Contact c where c.id = :id and c.tenantId = :tenantId")
    Optional<Contact> findByIdAndTenantId(UUID id, UUID tenantId);
}
