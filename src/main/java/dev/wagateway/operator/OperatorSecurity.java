package dev.wagateway.operator;

import dev.wagateway.tenant.OperatorKey;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

/**
 * Spring Security, in two filter chains.
 * <ol>
 * <li>The operator's surfaces ({@link OperatorPaths}: the actuator, hawtio, Jolokia, the login form): health and info
 * open; everything else the operator's ({@code ROLE_OPERATOR}), by the operator key ({@link OperatorKeyFilter}), HTTP
 * Basic or the login form (both {@link OperatorAuthentication}); refusals from {@link OperatorEntryPoint}. The console
 * keeps its login in a session, so its requests carry the CSRF token hawtio sends from the {@code XSRF-TOKEN}
 * cookie; a script's request (credentials of its own: key, Bearer, Basic; no session cookie) needs none.
 * <li>The rest, the REST API and Meta's webhooks: open here, stateless, no CSRF, no session; each route checks its own
 * {@code X-API-Key} (or the webhook's signature) and answers in the envelope.
 * </ol>
 * Both send the security headers ({@code X-Content-Type-Options: nosniff}, {@code Cache-Control: no-store, …},
 * {@code X-Frame-Options}, and {@code Strict-Transport-Security} on a request that came over TLS, as the proxy's
 * {@code X-Forwarded-Proto} says with {@code FORWARD_HEADERS_STRATEGY}).
 */
@Configuration(proxyBeanMethods = false)
public class OperatorSecurity {

    @Bean
    @Order(1)
    SecurityFilterChain operatorSurfaces(HttpSecurity http, OperatorKey operatorKey, OperatorAuthentication logins,
            OperatorEntryPoint refusals) throws Exception {
        HttpSessionRequestCache returnAfterLogin = new HttpSessionRequestCache();
        returnAfterLogin.setRequestMatcher(refusals.browser());
        returnAfterLogin.setMatchingRequestParameterName(null); // back to the console's own URL, no "?continue"
        CookieCsrfTokenRepository xsrfCookie = CookieCsrfTokenRepository.withHttpOnlyFalse();
        http.securityMatcher(OperatorPaths.surfaces())
                .authorizeHttpRequests(paths -> paths.requestMatchers(OperatorPaths.open()).permitAll()
                        .anyRequest().hasRole(OperatorAuthentication.ROLE))
                .authenticationManager(new ProviderManager(logins))
                .addFilterBefore(new OperatorKeyFilter(operatorKey), BasicAuthenticationFilter.class)
                .httpBasic(basic -> basic.authenticationEntryPoint(refusals))
                // Spring Security's own login page, at /login
                .formLogin(form -> form.defaultSuccessUrl("/actuator/hawtio/").permitAll())
                .logout(logout -> logout.permitAll())
                .requestCache(cache -> cache.requestCache(returnAfterLogin))
                // (as a default: an explicit entry point would turn Spring Security's login page off)
                .exceptionHandling(refused -> refused
                        .defaultAuthenticationEntryPointFor(refusals, AnyRequestMatcher.INSTANCE)
                        .accessDeniedHandler(refusals))
                .csrf(csrf -> csrf.csrfTokenRepository(xsrfCookie)
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .ignoringRequestMatchers(OperatorKeyFilter::scriptCall))
                .addFilterAfter(xsrfCookieForTheConsole(), CsrfFilter.class)
                .headers(headers -> headers.frameOptions(frame -> frame.sameOrigin()));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        http.securityMatcher(AnyRequestMatcher.INSTANCE)
                .authorizeHttpRequests(paths -> paths.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .logout(logout -> logout.disable());
        return http.build();
    }

    @Bean
    WebSecurityCustomizer firewall(FirewallRejections rejections) {
        return web -> web.httpFirewall(rejections.firewall()).requestRejectedHandler(rejections);
    }

    /**
     * Loads the CSRF token on every console request, so the {@code XSRF-TOKEN} cookie is there (and renewed after the
     * login) for hawtio to send back as {@code X-XSRF-TOKEN}; Spring Security would otherwise write it only once a
     * page asked for it.
     */
    private static Filter xsrfCookieForTheConsole() {
        return (request, response, chain) -> {
            if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token
                    && !OperatorKeyFilter.scriptCall((HttpServletRequest) request)) {
                token.getToken();
            }
            chain.doFilter(request, response);
        };
    }
}
