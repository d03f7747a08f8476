package dev.triage.analysis.jenkins;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One Jenkins as a job sees it: the server defaults with the request's overrides applied.
 *
 * @param base              base URL, ending in {@code /}
 * @param user              user for HTTP basic authentication; null for anonymous
 * @param password          password or API token; never logged
 * @param sslVerify         verify TLS certificates and host names
 * @param timeout           per call
 * @param artifactsMaxBytes cap of artifact bytes downloaded per build
 */
public record JenkinsTarget(URI base, @Nullable String user, @Nullable String password, boolean sslVerify,
        Duration timeout, long artifactsMaxBytes) {

    public JenkinsTarget {
        String text = base.toString();
        base = text.endsWith("/") ? base : URI.create(text + "/");
    }

    @Override
    public String toString() {
        // the password stays out of logs and exception messages
        return "JenkinsTarget[" + base + ", user=" + (user == null ? "-" : user) + "]";
    }
}
