package dev.triage.gateway.access;

import dev.triage.platform.web.RequestIdFilter;
import dev.triage.platform.web.RequestIds;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;

/**
 * The body of errors the servlet container raises before any controller runs (a malformed request the container
 * itself refuses): the platform error shape with a {@code code}, never a stack trace or the exception text.
 */
class AccessErrorAttributes extends DefaultErrorAttributes {

    @Override
    public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
        Map<String, Object> base = super.getErrorAttributes(request, ErrorAttributeOptions.defaults());
        int status = base.get("status") instanceof Integer i ? i : 500;
        String code = switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "request_too_large";
            case 414 -> "query_too_long";
            case 431 -> "headers_too_large";
            default -> status >= 500 ? "internal_error" : "bad_request";
        };
        String message = status >= 500 ? "Internal error; quote the error_id when reporting it" : "The request was rejected";
        Object id = request.getAttribute(RequestIdFilter.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("detail", message);
        body.put("code", code);
        body.put("message", message);
        body.put("details", Map.of());
        body.put("error_id", id instanceof String s ? s : RequestIds.current());
        return body;
    }
}
