package dev.wagateway.callback;

import java.net.UnknownHostException;

/**
 * A callback host that resolves to an address callbacks must not reach (loopback, private, link-local...). An
 * {@link UnknownHostException}, so HttpClient treats it as a host it cannot reach: not retried, no connection made.
 * Its message names the host and the address class, never the URL (its query may carry a secret).
 */
public class CallbackAddressRefused extends UnknownHostException {

    private static final long serialVersionUID = 1L;

    private final String host;
    private final String addressClass;

    public CallbackAddressRefused(String host, String addressClass) {
        super("callback host " + host + " resolves to an address callbacks may not reach (" + addressClass + ")");
        this.host = host;
        this.addressClass = addressClass;
    }

    public String host() {
        return host;
    }

    /** What kind of address was refused: "loopback", "private", "link-local"... */
    public String addressClass() {
        return addressClass;
    }
}
