package dev.triage.analysis.jenkins;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Downloads a build's artifacts into a workspace directory, streamed and capped: the bytes downloaded per build, the
 * files written and the bytes archives may expand to are all bounded. Zip archives are unpacked entry by entry; an
 * entry with an absolute path, a {@code ..} segment or a name that would land outside the workspace is refused and
 * reported, and nothing is ever written as a symbolic link (a symlink entry becomes, at most, a small regular file).
 */
public class Artifacts {

    /** An archive may expand to at most this many times the download cap. */
    static final int EXPANSION_FACTOR = 4;

    private final JenkinsClient client;
    private final int maxFiles;

    public Artifacts(JenkinsClient client, int maxFiles) {
        this.client = client;
        this.maxFiles = maxFiles;
    }

    /**
     * What was fetched.
     *
     * @param files     regular files written in the workspace, relative to it
     * @param refused   archive entries or artifacts refused, with why
     * @param bytes     bytes downloaded
     * @param truncated the cap was reached and some artifacts were left out
     */
    public record Fetched(List<Path> files, List<String> refused, long bytes, boolean truncated) {
    }

    /** Downloads the artifacts listed in the build info into {@code workspace} (which must exist and be empty). */
    public Fetched fetch(JenkinsTarget target, String buildUrl, JsonNode buildInfo, Path workspace) {
        Budget budget = new Budget(target.artifactsMaxBytes(), target.artifactsMaxBytes() * EXPANSION_FACTOR, maxFiles);
        List<Path> files = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        Path root = workspace.toAbsolutePath().normalize();
        URI base = URI.create(buildUrl.endsWith("/") ? buildUrl : buildUrl + "/");
        for (JsonNode artifact : buildInfo.path("artifacts")) {
            String relative = artifact.path("relativePath").asString("");
            if (budget.exhausted()) {
                break;
            }
            Path dest = inside(root, relative);
            if (dest == null) {
                refused.add(relative + ": path leaves the workspace");
                continue;
            }
            URI uri = base.resolve("artifact/" + encodePath(relative));
            try (InputStream body = client.stream(target, uri).body()) {
                InputStream capped = budget.download(body);
                if (relative.toLowerCase(Locale.ROOT).endsWith(".zip")) {
                    unzip(capped, root, dest.getFileName().toString().replaceAll("\\.zip$", "") + "/", root.relativize(
                            dest.getParent() == null ? root : dest.getParent()), budget, files, refused);
                } else {
                    write(capped, dest, budget);
                    files.add(root.relativize(dest));
                }
            } catch (CapReached e) {
                refused.add(relative + ": cut at the size cap");
                break;
            } catch (JenkinsException e) {
                refused.add(relative + ": " + e.getMessage());
            } catch (ZipException e) {
                refused.add(relative + ": not a readable zip archive");
            } catch (IOException e) {
                refused.add(relative + ": " + e.getMessage());
            }
        }
        return new Fetched(files, refused, budget.downloaded, budget.exhausted());
    }

    /**
     * Unpacks a zip stream under {@code root/parent/prefix}, refusing any entry that would land elsewhere.
     */
    static void unzip(InputStream in, Path root, String prefix, Path parent, Budget budget, List<Path> files,
            List<String> refused) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(in, StandardCharsets.UTF_8)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                String name = entry.getName();
                if (entry.isDirectory()) {
                    continue;
                }
                if (name.startsWith("/") || name.startsWith("\\") || name.contains("..") || name.contains(":")
                        || name.contains("\0")) {
                    refused.add(name + ": unsafe path in archive");
                    continue;
                }
                Path dest = inside(root, parent.resolve(prefix + name).toString());
                if (dest == null) {
                    refused.add(name + ": path leaves the workspace");
                    continue;
                }
                if (!budget.takeFile()) {
                    refused.add(name + ": too many files");
                    break;
                }
                write(budget.expand(zip), dest, budget);
                files.add(root.relativize(dest));
            }
        }
    }

    /** The normalised path of {@code relative} under {@code root}, or null when it would leave it. */
    static @Nullable Path inside(Path root, String relative) {
        if (relative.isBlank() || relative.startsWith("/") || relative.startsWith("\\") || relative.contains("\0")) {
            return null;
        }
        Path candidate = root.resolve(relative.replace('\\', '/')).normalize();
        return candidate.startsWith(root) && !candidate.equals(root) ? candidate : null;
    }

    private static void write(InputStream in, Path dest, Budget budget) throws IOException {
        Files.createDirectories(dest.getParent());
        // a symlink planted in the workspace is never followed: the parent must be a real directory inside it
        if (Files.isSymbolicLink(dest) || Files.isSymbolicLink(dest.getParent())) {
            throw new IOException("refusing to write through a symbolic link");
        }
        try (OutputStream out = Files.newOutputStream(dest, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            in.transferTo(out);
        } catch (CapReached e) {
            Files.deleteIfExists(dest);
            budget.truncated = true;
            throw new IOException("cut at the size cap");
        }
    }

    private static String encodePath(String relative) {
        List<String> parts = new ArrayList<>();
        for (String segment : relative.split("/")) {
            parts.add(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return String.join("/", parts);
    }

    /** The caps of one build's artifacts. */
    static final class Budget {
        private final long maxDownload;
        private final long maxExpanded;
        private int filesLeft;
        private long downloaded;
        private long expanded;
        private boolean truncated;

        Budget(long maxDownload, long maxExpanded, int maxFiles) {
            this.maxDownload = maxDownload;
            this.maxExpanded = maxExpanded;
            this.filesLeft = maxFiles;
        }

        boolean exhausted() {
            return truncated || downloaded >= maxDownload || filesLeft <= 0;
        }

        boolean takeFile() {
            return filesLeft-- > 0;
        }

        InputStream download(InputStream in) {
            return new Counting(in) {
                @Override
                void count(long n) {
                    downloaded += n;
                    if (downloaded > maxDownload) {
                        truncated = true;
                        throw new CapReached();
                    }
                }
            };
        }

        InputStream expand(InputStream in) {
            return new Counting(in) {
                @Override
                void count(long n) {
                    expanded += n;
                    if (expanded > maxExpanded) {
                        truncated = true;
                        throw new CapReached();
                    }
                }

                @Override
                public void close() {
                    // the zip stream stays open for the next entry
                }
            };
        }
    }

    /** Thrown from inside a stream when a cap is reached. */
    static final class CapReached extends RuntimeException {
        CapReached() {
            super(null, null, false, false);
        }
    }

    private abstract static class Counting extends java.io.FilterInputStream {
        Counting(InputStream in) {
            super(in);
        }

        abstract void count(long n);

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }
    }
}
