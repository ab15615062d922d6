package dev.wagateway.message;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.EntityManagerFactory;

import dev.wagateway.IntegrationTest;
import org.apache.camel.component.jpa.JpaComponent;
import org.apache.camel.component.jpa.JpaEndpoint;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The send route's store step is one transaction only if camel-jpa works on Spring's EntityManagerFactory through
 * Spring's shared EntityManager: an EntityManagerFactory of its own would write outside that transaction.
 */
class JpaWiringTest extends IntegrationTest {

    @Autowired
    private EntityManagerFactory springEntityManagerFactory;

    @Test
    void camel_jpa_persists_through_springs_entity_manager_factory_and_shared_entity_manager() {
        JpaComponent component = camelContext.getComponent("jpa", JpaComponent.class);
        assertThat(component.getEntityManagerFactory()).isSameAs(springEntityManagerFactory);
        assertThat(component.isSharedEntityManager()).isTrue();

        JpaEndpoint endpoint = camelContext.getEndpoint("jpa:dev.wagateway.message.Message?usePersist=true",
                JpaEndpoint.class);
        assertThat(endpoint.getEntityManagerFactory()).isSameAs(springEntityManagerFactory);
        assertThat(endpoint.isSharedEntityManager()).isTrue();
        assertThat(endpoint.isUsePersist()).isTrue();
    }
}
