package dev.wagateway.monitoring;

import java.util.Map;

import dev.wagateway.whatsapp.DeliverySwitch;
import dev.wagateway.whatsapp.WhatsAppCircuit;

/** {@link MessageQueueMXBean} over the cached snapshot, the circuit and the kill-switch. */
final class MessageQueueView implements MessageQueueMXBean {

    private final QueueStats stats;
    private final WhatsAppCircuit circuit;
    private final DeliverySwitch deliverySwitch;

    MessageQueueView(QueueStats stats, WhatsAppCircuit circuit, DeliverySwitch deliverySwitch) {
        this.stats = stats;
        this.circuit = circuit;
        this.deliverySwitch = deliverySwitch;
    }

    @Override
    public Map<String, Long> getCountsByStatus() {
        return stats.snapshot().countsByStatus();
    }

    @Override
    public long getQueued() {
        return stats.snapshot().count("queued");
    }

    @Override
    public long getSending() {
        return stats.snapshot().count("sending");
    }

    @Override
    public long getFailed() {
        return stats.snapshot().count("failed");
    }

    @Override
    public long getOldestQueuedAgeSeconds() {
        return stats.snapshot().oldestQueuedAgeSeconds();
    }

    @Override
    public long getSentLastMinute() {
        return stats.snapshot().sentLastMinute();
    }

    @Override
    public long getFailedLastMinute() {
        return stats.snapshot().failedLastMinute();
    }

    @Override
    public long getRetriedLastMinute() {
        return stats.snapshot().retriedLastMinute();
    }

    @Override
    public Map<String, Long> getErrorsLastMinuteByCode() {
        return stats.snapshot().errorsLastMinute();
    }

    @Override
    public String getCircuitState() {
        return circuit.state().name();
    }

    @Override
    public boolean isDeliveryRunning() {
        return deliverySwitch.isOn();
    }
}
