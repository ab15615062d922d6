package dev.wagateway.api;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Tomcat's own refusals (a path with an encoded {@code /} or a NUL, a malformed request line), answered before any
 * servlet runs, in the API's envelope rather than Tomcat's HTML page: this valve takes the place of Tomcat's
 * {@link ErrorReportValve} on the host, with the codes of {@link ServerErrors}.
 */
public class ErrorReports extends ErrorReportValve {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        try {
            ServerErrors.write(response.getResponse(), status, JSON);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the connection is gone: nothing more to tell
        }
    }

    /** Puts this valve in place of Tomcat's on the embedded server's host. */
    @Component
    static class Installer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(ErrorReports.class.getName());
                }
            });
        }
    }
}
