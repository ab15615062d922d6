package dev.wagateway.callback;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Turns a callback URL's host into the addresses a connection would use. In production it is the JVM's resolver
 * ({@code InetAddress::getAllByName}, which also reads IP literals); tests give their own, so they need no DNS.
 */
@FunctionalInterface
public interface HostResolver {

    /** The host's addresses, never empty; an IP literal (IPv6 without brackets) is its own address. */
    InetAddress[] resolve(String host) throws UnknownHostException;
}
