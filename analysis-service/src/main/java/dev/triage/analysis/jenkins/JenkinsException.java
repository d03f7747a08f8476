package dev.triage.analysis.jenkins;

/**
 * A Jenkins call that failed in a way the user can act on. Codes: {@code jenkins_unreachable},
 * {@code jenkins_auth_failed} (401/403), {@code jenkins_not_found} (unknown job or build), {@code jenkins_timeout},
 * {@code jenkins_error} (any other error answer), {@code ssrf_blocked} (the URL is not allowed).
 */
public class JenkinsException extends RuntimeException {

    public static final String UNREACHABLE = "jenkins_unreachable";
    public static final String AUTH_FAILED = "jenkins_auth_failed";
    public static final String NOT_FOUND = "jenkins_not_found";
    public static final String TIMEOUT = "jenkins_timeout";
    public static final String ERROR = "jenkins_error";
    public static final String SSRF_BLOCKED = "ssrf_blocked";

    private final String code;

    public JenkinsException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
