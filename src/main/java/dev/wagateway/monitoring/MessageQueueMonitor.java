package dev.wagateway.monitoring;

import java.lang.management.ManagementFactory;

import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

import dev.wagateway.redelivery.RedeliverySettings;
import dev.wagateway.whatsapp.DeliverySwitch;
import dev.wagateway.whatsapp.WhatsAppCircuit;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.springframework.stereotype.Component;

/**
 * Publishes the queue figures: the MBean {@code whatsapp-gateway:type=MessageQueue} in the platform MBeanServer
 * (beside Camel's {@code org.apache.camel:context=whatsapp-gateway,...}; registered here, not by Spring's exporter,
 * which hawtio switches on), and the same figures as Prometheus gauges
 * ({@code whatsapp_messages{status}}, {@code whatsapp_oldest_queued_age_seconds}, {@code whatsapp_sends_last_minute{outcome}}).
 */
@Component
public class MessageQueueMonitor {

    public static final String OBJECT_NAME = "whatsapp-gateway:type=MessageQueue";

    private final MessageQueueMXBean view;
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final String instanceId;
    private ObjectName registered;

    public MessageQueueMonitor(QueueStats stats, WhatsAppCircuit circuit, DeliverySwitch deliverySwitch,
            RedeliverySettings redelivery, MeterRegistry meters) {
        this.view = new MessageQueueView(stats, circuit, deliverySwitch);
        this.instanceId = redelivery.instanceId();
        for (String status : stats.snapshotStatuses()) {
            Gauge.builder("whatsapp.messages", () -> stats.snapshot().count(status)).tag("status", status)
                    .description("Messages by status (all instances)").register(meters);
        }
        Gauge.builder("whatsapp.oldest.queued.age", () -> stats.snapshot().oldestQueuedAgeSeconds())
                .baseUnit("seconds").description("Age of the oldest queued message").register(meters);
        Gauge.builder("whatsapp.sends.last.minute", () -> stats.snapshot().sentLastMinute()).tag("outcome", "sent")
                .register(meters);
        Gauge.builder("whatsapp.sends.last.minute", () -> stats.snapshot().failedLastMinute())
                .tag("outcome", "failed").register(meters);
        Gauge.builder("whatsapp.sends.last.minute", () -> stats.snapshot().retriedLastMinute())
                .tag("outcome", "retried").register(meters);
    }

    @PostConstruct
    void register() throws JMException {
        ObjectName name = new ObjectName(OBJECT_NAME);
        try {
            server.registerMBean(new StandardMBean(view, MessageQueueMXBean.class, true), name);
        } catch (InstanceAlreadyExistsException e) {
            // a second service in the same JVM (tests): told apart by its instance id
            name = new ObjectName(OBJECT_NAME + ",instance=" + ObjectName.quote(instanceId));
            server.registerMBean(new StandardMBean(view, MessageQueueMXBean.class, true), name);
        }
        registered = name;
    }

    /** The name this instance's MBean got (with {@code ,instance=...} when another service in the JVM came first). */
    public ObjectName objectName() {
        return registered;
    }

    @PreDestroy
    void unregister() throws JMException {
        if (registered != null && server.isRegistered(registered)) {
            server.unregisterMBean(registered);
        }
    }
}
