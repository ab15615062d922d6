package dev.wagateway.callback;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import org.springframework.stereotype.Component;

/**
 * The SSRF guard of tenant callbacks: which URLs may be set ({@link #checkUrl}) and which addresses a callback may
 * connect to ({@link #allowedAddresses}, used by {@link CallbackConnections} at every connection, so a name that
 * resolves elsewhere later, DNS rebinding, is caught on the address actually connected to). Refused unless
 * {@link CallbackSettings#allowPrivateNetworks()}: loopback, private, carrier-grade NAT, link-local (cloud metadata),
 * unique-local, multicast, unspecified, broadcast and reserved addresses, also as IPv4 inside IPv6.
 */
@Component("callbackAddressPolicy")
public class CallbackAddressPolicy {

    static final int MAX_URL_LENGTH = 2048;

    /** A host whose last label is a number (decimal, octal or hex): an IPv4 literal to some parser. */
    private static final Pattern NUMERIC_HOST = Pattern.compile("(.*\\.)?(\\d+|0[xX]\\p{XDigit}*)\\.?");
    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern DOTTED_QUAD = Pattern.compile("(" + OCTET + "\\.){3}" + OCTET);

    private final CallbackSettings settings;
    private final HostResolver resolver;

    public CallbackAddressPolicy(CallbackSettings settings, HostResolver resolver) {
        this.settings = settings;
        this.resolver = resolver;
    }

    /** The URL a tenant sets, checked and normalised; refused with VALIDATION_ERROR or CALLBACK_URL_NOT_ALLOWED. */
    public URI checkUrl(String url) {
        if (url == null || url.isBlank()) {
            throw ApiException.validation("url is required");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw ApiException.validation("url must be at most " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw ApiException.validation("url must be a valid absolute URL, like https://example.com/hook");
        }
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getRawAuthority() == null) {
            throw ApiException.validation("url must be an absolute URL with a host, like https://example.com/hook");
        }
        if (uri.getRawFragment() != null) {
            throw ApiException.validation("url must not have a fragment (#...)");
        }
        if (uri.getRawUserInfo() != null || uri.getRawAuthority().contains("@")) {
            throw ApiException.validation("url must not contain user info (user:password@)");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && settings.allowHttp())) {
            throw notAllowed(settings.allowHttp() ? "url must use https or http" : "url must use https");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw ApiException.validation("url port must be from 1 to 65535");
        }
        String host = (uri.getHost() != null ? uri.getHost() : authorityHost(uri.getRawAuthority()))
                .toLowerCase(Locale.ROOT);
        try {
            allowedAddresses(host);
        } catch (CallbackAddressRefused e) {
            throw notAllowed("url host " + host + " resolves to an address callbacks may not reach ("
                    + e.addressClass() + ")");
        } catch (UnknownHostException e) {
            throw notAllowed("url host " + host + " does not resolve");
        }
        if (!settings.allowPrivateNetworks() && NUMERIC_HOST.matcher(host).matches()
                && !DOTTED_QUAD.matcher(host).matches()) {
            throw notAllowed("url host must be a name or an IPv4 address written a.b.c.d without leading zeros");
        }
        if (uri.getHost() == null) {
            throw ApiException.validation("url host is not a valid host name");
        }
        String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return URI.create(scheme + "://" + host + port + path + query).normalize();
    }

    /**
     * The addresses a callback to {@code host} may connect to: all of them, or, unless private networks are allowed,
     * a {@link CallbackAddressRefused} when any one is refused (a name that also points inside is refused whole).
     */
    public InetAddress[] allowedAddresses(String host) throws UnknownHostException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses = resolver.resolve(bare);
        if (addresses == null || addresses.length == 0) {
            throw new UnknownHostException(host);
        }
        for (InetAddress address : addresses) {
            checkAddress(host, address);
        }
        return addresses;
    }

    /** Refuses {@code address} (reached for {@code host}) unless it is public or private networks are allowed. */
    public void checkAddress(String host, InetAddress address) throws CallbackAddressRefused {
        if (settings.allowPrivateNetworks()) {
            return;
        }
        Optional<String> refused = refusedClass(address);
        if (refused.isPresent()) {
            throw new CallbackAddressRefused(host, refused.get());
        }
    }

    /** Empty for a public address; else its class: "loopback", "private", "link-local", "multicast"... */
    public static Optional<String> refusedClass(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return ipv4Class(bytes);
        }
        String refused = address.isAnyLocalAddress() ? "unspecified"
                : address.isLoopbackAddress() ? "loopback"
                : address.isLinkLocalAddress() ? "link-local"
                : address.isSiteLocalAddress() ? "site-local"
                : address.isMulticastAddress() ? "multicast"
                : (bytes[0] & 0xfe) == 0xfc ? "unique-local"
                // 64:ff9b:1::/48 (RFC 8215) leads to the network operator's own NAT64 translator
                : startsWith(bytes, 0x00, 0x64, 0xff, 0x9b, 0x00, 0x01) ? "NAT64 local-use"
                : null;
        if (refused != null) {
            return Optional.of(refused);
        }
        byte[] embedded = embeddedIpv4(bytes);
        return embedded == null ? Optional.empty() : ipv4Class(embedded);
    }

    /** The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 (64:ff9b::/96) or 6to4 (2002::/16) one. */
    private static byte[] embeddedIpv4(byte[] ipv6) {
        boolean zeros = startsWith(ipv6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        boolean mapped = zeros && (ipv6[10] & 0xff) == 0xff && (ipv6[11] & 0xff) == 0xff;
        boolean compatible = zeros && ipv6[10] == 0 && ipv6[11] == 0;
        if (mapped || compatible || startsWith(ipv6, 0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0)) {
            return new byte[] {ipv6[12], ipv6[13], ipv6[14], ipv6[15]};
        }
        if (startsWith(ipv6, 0x20, 0x02)) {
            return new byte[] {ipv6[2], ipv6[3], ipv6[4], ipv6[5]};
        }
        return null;
    }

    /** Explicit ranges, so an IPv4 address inside an IPv6 one is judged the same way. */
    private static Optional<String> ipv4Class(byte[] ipv4) {
        int first = ipv4[0] & 0xff;
        int second = ipv4[1] & 0xff;
        String refused = null;
        if (first == 0) {
            refused = "unspecified";
        } else if (first == 127) {
            refused = "loopback";
        } else if (first == 10 || (first == 172 && (second & 0xf0) == 16) || (first == 192 && second == 168)) {
            refused = "private";
        } else if (first == 100 && (second & 0xc0) == 64) {
            refused = "carrier-grade NAT";
        } else if (first == 169 && second == 254) {
            refused = "link-local";
        } else if (first >= 224 && first <= 239) {
            refused = "multicast";
        } else if (startsWith(ipv4, 0xff, 0xff, 0xff, 0xff)) {
            refused = "broadcast";
        } else if (first >= 240) {
            refused = "reserved";
        }
        return Optional.ofNullable(refused);
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The host of an authority Java's URI could not read as a server (e.g. {@code 127.1}): no port, no brackets. */
    private static String authorityHost(String authority) {
        if (authority.startsWith("[")) {
            int end = authority.indexOf(']');
            return end < 0 ? authority : authority.substring(0, end + 1);
        }
        int colon = authority.lastIndexOf(':');
        return colon < 0 ? authority : authority.substring(0, colon);
    }

    private static ApiException notAllowed(String message) {
        return new ApiException(ErrorCode.CALLBACK_URL_NOT_ALLOWED, message);
    }
}
