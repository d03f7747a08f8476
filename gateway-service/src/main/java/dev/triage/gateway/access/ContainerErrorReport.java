package dev.triage.gateway.access;

import dev.triage.platform.web.RequestIdFilter;
import dev.triage.platform.web.RequestIds;
import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's error report for requests it refuses before any filter runs (an encoded slash, backslash or NUL in the
 * path, a malformed request line): the platform error body with a {@code code} instead of Tomcat's HTML page, and never
 * a stack trace or server version.
 */
public class ContainerErrorReport extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String code = switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "request_too_large";
            case 414 -> "query_too_long";
            case 431 -> "headers_too_large";
            default -> status >= 500 ? "internal_error" : "bad_request";
        };
        String message = status >= 500 ? "Internal error; quote the error_id when reporting it"
                : "The request was rejected as malformed";
        Object id = request.getAttribute(RequestIdFilter.ATTRIBUTE);
        String errorId = id instanceof String s ? s : RequestIds.mint();
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Content-Security-Policy", SecurityHeaders.CSP);
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"detail\":\"" + message + "\",\"code\":\"" + code + "\",\"message\":\"" + message
                        + "\",\"details\":{},\"error_id\":\"" + errorId + "\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone; nothing to report to
        }
    }
}
