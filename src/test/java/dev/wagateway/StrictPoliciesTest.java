package dev.wagateway;

import org.springframework.test.context.TestPropertySource;

/**
 * A second Spring context with the policies that are off by default switched on: the 24-hour window enforced
 * ({@code WHATSAPP_ENFORCE_WINDOW}) and a per-tenant intake limit of 5 sends per second ({@code TENANT_RATE_LIMIT}).
 * Its test classes share it. Its Quartz scheduler stays stopped and out of the test cluster, like
 * NoCredentialsTest's, the routes posting tenant callbacks are left out (tenant-callbacks.camel.yaml's: they would claim
 * the other test classes' deliveries), it has its own inbox, and no Camel
 * MBeans (a second context's beside the shared one's made the console's JMX tree, which ConsoleTest loads in a
 * browser, 10 MB instead of 3.4). Its database pool is small (3 connections), so a send that needed
 * a second connection while holding one would show (TenantRateLimitTest).
 */
@TestPropertySource(properties = {"whatsapp.enforce-window=true", "security.tenant-rate-limit=5",
        "spring.quartz.auto-startup=false", "camel.component.quartz.auto-start-scheduler=false",
        "spring.quartz.scheduler-name=window", "redelivery.instance-id=test-window",
        "ingest.inbox-dir=target/inbox-window", "spring.datasource.hikari.maximum-pool-size=3",
        "camel.main.route-filter-exclude-pattern=callback-dispatch,callback-worker,callback-record,callback-sweep,callback-startup",
        "camel.main.jmx-enabled=false"})
public abstract class StrictPoliciesTest extends IntegrationTest {
}
