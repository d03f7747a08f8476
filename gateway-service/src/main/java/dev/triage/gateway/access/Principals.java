package dev.triage.gateway.access;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/** The caller of the request at hand, for controllers that attribute actions. */
public final class Principals {

    private static final Principal NOBODY = Principal.anonymous(Set.of());

    private Principals() {
    }

    /** The principal the access filter resolved; anonymous outside a request. */
    public static Principal current() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        Object principal = attributes == null ? null
                : attributes.getAttribute(Principal.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        return principal instanceof Principal p ? p : NOBODY;
    }

    public static Principal of(HttpServletRequest request) {
        return request.getAttribute(Principal.ATTRIBUTE) instanceof Principal p ? p : NOBODY;
    }

    /** Who to record as having done what the current request does. */
    public static String currentActor() {
        return current().actor();
    }
}
