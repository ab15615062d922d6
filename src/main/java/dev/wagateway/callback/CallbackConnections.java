package dev.wagateway.callback;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnknownHostException;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The connections callbacks are posted on: one HttpClient 5 pool, {@code callbackConnectionManager}, for camel-http's
 * {@code clientConnectionManager=#callbackConnectionManager}. Each connection resolves its host through
 * {@link CallbackAddressPolicy#allowedAddresses} and connects only to the addresses just checked, and each socket
 * checks the address it is about to connect to once more, so DNS rebinding and IP literals meet the same guard.
 */
@Configuration(proxyBeanMethods = false)
public class CallbackConnections {

    /*
     * Read from httpclient5 5.5.1 and camel-http 4.17.0 (their bytecode):
     *
     * IP literals. DefaultHttpClientConnectionOperator skips the DnsResolver only when the HttpHost carries an
     * InetAddress (new HttpHost(InetAddress, ...)). A host taken from a URL (HttpHost.create, camel-http's requests)
     * carries none, IP literal or not, so 127.0.0.1, [::1] and 2130706433 do reach the resolver (InetAddress reads
     * them without DNS) and the policy. For the other case, GuardedSocket checks the address before connecting.
     *
     * Timeouts with clientConnectionManager given. camel-http puts the endpoint options connectTimeout,
     * responseTimeout and connectionRequestTimeout in the RequestConfig of the endpoint's HttpClient, so they still
     * apply, per request, over this pool's ConnectionConfig (connectTimeout only when it is not 3 minutes, Camel's
     * default, which it drops). soTimeout only configures the SocketConfig of the pool Camel would build itself: it is
     * ignored here. Without these options, settings.connectTimeout() and settings.timeout() below apply.
     *
     * Lifecycle. An endpoint whose clientConnectionManager is its own (not the component's) closes it when it stops
     * (HttpEndpoint.doStop), and its HttpClient does not treat it as shared: stopping any endpoint that uses this pool
     * (its route stopped or removed, a toD with cacheSize=-1) closes the pool for all the others. Keep the endpoints
     * that use it running as long as the application (one static endpoint with the URL in the CamelHttpUri header,
     * or toD with its cache on).
     */

    /** The JVM's resolver: DNS, the hosts file, and IP literals read as they are. */
    @Bean
    public HostResolver callbackHostResolver() {
        return InetAddress::getAllByName;
    }

    @Bean(name = "callbackConnectionManager", destroyMethod = "close")
    public PoolingHttpClientConnectionManager callbackConnectionManager(CallbackAddressPolicy policy,
                                                                        CallbackSettings settings) {
        return new GuardedPoolBuilder(policy)
                .setDnsResolver(new PolicyDnsResolver(policy))
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                        .setSocketTimeout(Timeout.of(settings.timeout()))
                        // a kept-alive connection idle this long is checked before it is reused: an endpoint that
                        // closed it meanwhile would otherwise fail the post (a POST is not retried)
                        .setValidateAfterInactivity(TimeValue.ofMilliseconds(500))
                        .build())
                .setMaxConnTotal(Math.max(2, settings.concurrency() * 2))
                // per host and port, not per tenant: tenants whose endpoints share a host (one integration
                // platform) must not share a tenant's few connections; the claim caps each tenant
                .setMaxConnPerRoute(Math.max(2, settings.concurrency()))
                // a lock per host rather than one for the pool: CALLBACK_CONCURRENCY workers leasing and releasing
                // connections queued on the single lock (the benchmark's threads parked there, tens of ms a post);
                // the total is then capped by the workers (and per host by the line above), not by the pool
                .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                .build();
    }

    /** Resolves through the policy: a host with any refused address fails as a {@link CallbackAddressRefused}. */
    private record PolicyDnsResolver(CallbackAddressPolicy policy) implements DnsResolver {

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            return policy.allowedAddresses(host);
        }

        /** The host as given, once allowed: no reverse lookup (a PTR record is whatever the address's owner wrote). */
        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            policy.allowedAddresses(host);
            return host;
        }
    }

    /** The pool builder, with sockets that check the address they connect to ({@link GuardedSocket}). */
    private static final class GuardedPoolBuilder extends PoolingHttpClientConnectionManagerBuilder {

        private final CallbackAddressPolicy policy;

        GuardedPoolBuilder(CallbackAddressPolicy policy) {
            this.policy = policy;
        }

        @Override
        protected HttpClientConnectionOperator createConnectionOperator(SchemePortResolver ports, DnsResolver dns,
                                                                        TlsSocketStrategy tls) {
            return new DefaultHttpClientConnectionOperator(proxy -> new GuardedSocket(proxy, policy), ports, dns,
                    RegistryBuilder.<TlsSocketStrategy>create().register(URIScheme.HTTPS.id, tls).build());
        }
    }

    /** A socket that refuses to connect to an address the policy refuses, whatever path led to that address. */
    private static final class GuardedSocket extends Socket {

        private final CallbackAddressPolicy policy;

        GuardedSocket(Proxy proxy, CallbackAddressPolicy policy) {
            super(proxy == null ? Proxy.NO_PROXY : proxy);
            this.policy = policy;
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (!(endpoint instanceof InetSocketAddress target) || target.isUnresolved()) {
                throw new UnknownHostException("callback connection to an unresolved address refused");
            }
            policy.checkAddress(target.getAddress().getHostAddress(), target.getAddress());
            super.connect(endpoint, timeout);
        }
    }
}
