package dev.wagateway.api;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * A path below one of the contract's paths that is none of them ({@code /tenants/{id}/nothing}) is answered 404
 * {@code NOT_FOUND} in the envelope here. Camel's contract route takes every path below the contract's (platform-http
 * maps each with a prefix), and would answer such a path itself with an empty 404 that echoes the request's headers.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class UnknownCalls extends OncePerRequestFilter {

    private final List<PathPattern> calls;
    private final List<PathPattern> below;
    private final ObjectMapper json;

    public UnknownCalls(ApiContract contract, ObjectMapper json) {
        PathPatternParser parser = PathPatternParser.defaultInstance;
        this.calls = contract.paths().stream().map(parser::parse).toList();
        this.below = contract.paths().stream().map(path -> parser.parse(path + "/{*below}")).toList();
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        PathContainer path = PathContainer.parsePath(request.getRequestURI());
        if (calls.stream().noneMatch(call -> call.matches(path)) && below.stream().anyMatch(p -> p.matches(path))) {
            ServerErrors.write(response, HttpServletResponse.SC_NOT_FOUND, json);
            return;
        }
        chain.doFilter(request, response);
    }
}
