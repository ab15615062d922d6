package dev.wagateway.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;

import dev.wagateway.JmxClient;
import dev.wagateway.monitoring.RemoteJmx;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The route {@code callback-dispatch} over remote JMX, as an operator sees it: suspended, events accumulate as
 * pending deliveries and nothing is posted; resumed, every one of them arrives.
 */
class CallbackSuspensionTest extends CallbackTestSupport {

    @Autowired
    private RemoteJmx remoteJmx;

    @Test
    void suspended_over_jmx_events_accumulate_and_leave_once_resumed() throws Exception {
        String tenantId = api.tenant("Callback suspended");
        subscribe(tenantId, receiver.url(), "message.sent");
        ObjectName dispatch = new ObjectName("org.apache.camel:context=" + camelContext.getManagementName()
                + ",type=routes,name=" + ObjectName.quote("callback-dispatch"));
        try (JMXConnector connector = JmxClient.connect(remoteJmx.url(), "operator", "test-operator-password")) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            jmx.invoke(dispatch, "suspend", null, null);
            try {
                assertThat(jmx.getAttribute(dispatch, "State")).isEqualTo("Suspended");
                for (int i = 0; i < 3; i++) {
                    sentMessage(tenantId, uniqueWamid());
                }
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                        .until(() -> receiver.posts().isEmpty());
                assertThat(deliveries(tenantId, "pending")).isEqualTo(3);
            } finally {
                jmx.invoke(dispatch, "resume", null, null);
            }
            assertThat(jmx.getAttribute(dispatch, "State")).isEqualTo("Started");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(tenantId, "delivered") == 3);
        assertThat(receiver.delivered()).extracting(Receiver.Post::eventId).hasSize(3).doesNotHaveDuplicates();
    }
}
