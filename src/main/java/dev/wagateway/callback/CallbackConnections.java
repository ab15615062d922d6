package dev.wagateway.callback;

import java.net.InetAddress;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The connections callbacks are posted on. For now only the resolver {@link CallbackAddressPolicy} checks hosts with.
 */
@Configuration(proxyBeanMethods = false)
public class CallbackConnections {

    /** The JVM's resolver: DNS, the hosts file, and IP literals read as they are. */
    @Bean
    public HostResolver callbackHostResolver() {
        return InetAddress::getAllByName;
    }
}
