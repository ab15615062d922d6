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
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.springframework.stereotype.Component;

/**
 * Publishes the queue figures as the MBean {@code whatsapp-gateway:type=MessageQueue} in the platform MBeanServer
 * (beside Camel's {@code org.apache.camel:context=whatsapp-gateway,...}; registered here, not by Spring's exporter,
 * which hawtio switches on). They are read when an operator looks (JMX), not on every Prometheus scrape: Prometheus
 * has the cluster's queue from {@link ClusterQueueMetrics} (index-only) and the sends as counters.
 */
@Component
public class MessageQueueMonitor {

    public static final String OBJECT_NAME = "whatsapp-gateway:type=MessageQueue";

    private final MessageQueueMXBean view;
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final String instanceId;
    private ObjectName registered;

    public MessageQueueMonitor(QueueStats stats, WhatsAppCircuit circuit, DeliverySwitch deliverySwitch,
            RedeliverySettings redelivery) {
        this.view = new MessageQueueView(stats, circuit, deliverySwitch);
        this.instanceId = redelivery.instanceId();
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
