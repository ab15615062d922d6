package dev.wagateway.callback;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.apache.hc.client5.http.cookie.Cookie;
import org.apache.hc.client5.http.cookie.CookieStore;
import org.springframework.stereotype.Component;

/**
 * The cookie store of callback posts ({@code cookieStore=#callbackNoCookies}): keeps nothing, so an endpoint's
 * cookies never reach another post (a tenant's session is not ours to keep), and no post takes a lock: camel-http's
 * shared {@code BasicCookieStore} was locked before every post, and the benchmark's workers queued on it.
 */
@Component("callbackNoCookies")
public class NoCookies implements CookieStore {

    @Override
    public void addCookie(Cookie cookie) {
        // not kept
    }

    @Override
    public List<Cookie> getCookies() {
        return List.of();
    }

    @Override
    @Deprecated
    public boolean clearExpired(Date date) {
        return false;
    }

    @Override
    public boolean clearExpired(Instant instant) {
        return false;
    }

    @Override
    public void clear() {
        // nothing kept
    }
}
