package dev.triage.analysis.jenkins;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Jenkins URL shapes: folder job names ({@code folder/job}) become {@code job/folder/job/job/}. */
public final class JenkinsPaths {

    private JenkinsPaths() {
    }

    /** {@code folder/sub/job} → {@code job/folder/job/sub/job/job/}, each segment URL-encoded. */
    public static String jobPath(String jobName) {
        StringBuilder path = new StringBuilder();
        for (String segment : jobName.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            path.append("job/").append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20")).append('/');
        }
        return path.toString();
    }

    public static URI buildUrl(URI base, String jobName, int number) {
        return base.resolve(jobPath(jobName) + number + "/");
    }

    /**
     * The job name and build number of a build URL ({@code .../job/a/job/b/12/}), or null when it is not one.
     */
    public static @Nullable JobBuild parseBuildUrl(String url) {
        String path = URI.create(url.trim()).getRawPath();
        if (path == null) {
            return null;
        }
        String[] parts = path.split("/");
        List<String> names = new ArrayList<>();
        Integer number = null;
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].equals("job") && i + 1 < parts.length) {
                names.add(URLDecoder.decode(parts[++i], StandardCharsets.UTF_8));
                number = null;
            } else if (!names.isEmpty() && parts[i].matches("\\d+")) {
                number = Integer.parseInt(parts[i]);
            }
        }
        return names.isEmpty() || number == null ? null : new JobBuild(String.join("/", names), number);
    }

    /** A job and one of its builds. */
    public record JobBuild(String jobName, int number) {
    }
}
