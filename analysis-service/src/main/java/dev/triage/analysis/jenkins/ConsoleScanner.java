package dev.triage.analysis.jenkins;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a console log line by line and keeps only what explains a failure: the lines around each error line (a
 * bounded number of blocks of bounded size), the end of the log, the downstream builds it reports ("Build X #N
 * completed: FAILURE"), and what kind of failure it shows (compile error, checkout failure, agent lost, timeout).
 * Memory stays bounded whatever the log's size.
 */
public final class ConsoleScanner {

    private static final int MAX_BLOCKS = 20;
    private static final int TAIL_LINES = 30;
    private static final int MAX_LINE = 1_000;

    private static final Pattern TIMESTAMP = Pattern.compile("^\\[\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z?\\]\\s?");
    private static final Pattern ERROR_LINE = Pattern.compile(
            "(?i)\\b(error|exception|fatal|failed|failure)\\b|\\bFAILED\\b|^\\s*Caused by:");
    private static final Pattern NOT_AN_ERROR = Pattern.compile("(?i)--- PASS|\\b0 (errors|failures)\\b|Fail:\\s+0|\\(ignored\\)");
    private static final Pattern DOWNSTREAM = Pattern.compile("^Build (.+?) #(\\d+) completed: ([A-Z_]+)");

    /** Kinds of failure a console shows, most telling first; the message prefix is what the rule classifier reads. */
    private static final List<Kind> KINDS = List.of(
            new Kind("agent_lost", "Jenkins agent went offline", Pattern.compile(
                    "ChannelClosedException|Agent went offline|agent .* (was marked offline|went offline)|RemotingSystemException"
                    + "|RequestAbortedException|Cannot contact .*: .*InterruptedException|Remote call on .* failed"
                    + "|is offline|Unable to create live FilePath")),
            new Kind("timeout", "Build timed out", Pattern.compile(
                    "Build timed out|Timeout has been exceeded|Cancelling nested steps due to timeout|timed out after")),
            new Kind("checkout_failure", "Failed to fetch the sources", Pattern.compile(
                    "Error cloning remote repo|Error fetching remote repo|fatal: (could not read|unable to access|repository .* not found"
                    + "|Authentication failed)|Couldn't find any revision to build|GitException|svn: E\\d+")),
            new Kind("compile_error", "compilation failed", Pattern.compile(
                    "COMPILATION ERROR|Compilation failure|error: cannot find symbol|cannot find symbol|\\[ERROR\\] .*\\.(java|kt|scala):\\[?\\d+"
                    + "|error CS\\d{4}|error TS\\d{4}|\\.go:\\d+:\\d+: |SyntaxError|compilation failed|error\\[E\\d{4}\\]")));

    private final int keepLines;
    private final int maxExcerpt;
    private final Deque<String> before = new ArrayDeque<>();
    private final Deque<String> tail = new ArrayDeque<>();
    private final List<StringBuilder> blocks = new ArrayList<>();
    private final List<String> blockLines = new ArrayList<>();
    private final Map<String, ConsoleFinding> findings = new LinkedHashMap<>();
    private final Set<JenkinsPaths.JobBuild> failedDownstream = new LinkedHashSet<>();
    private StringBuilder open;
    private int afterLeft;
    private String lastErrorLine = "";
    private long lines;

    /**
     * @param keepLines  lines kept before and after each error line
     * @param maxExcerpt characters kept per block
     */
    public ConsoleScanner(int keepLines, int maxExcerpt) {
        this.keepLines = Math.max(0, keepLines);
        this.maxExcerpt = Math.max(200, maxExcerpt);
    }

    public void accept(String raw) {
        lines++;
        String line = raw.length() > MAX_LINE ? raw.substring(0, MAX_LINE) + "…" : raw;
        String text = TIMESTAMP.matcher(line).replaceFirst("");
        remember(tail, line, TAIL_LINES);
        Matcher downstream = DOWNSTREAM.matcher(text.trim());
        if (downstream.find() && !downstream.group(3).equals("SUCCESS")) {
            failedDownstream.add(new JenkinsPaths.JobBuild(downstream.group(1).replace(" » ", "/").trim(),
                    Integer.parseInt(downstream.group(2))));
        }
        boolean error = ERROR_LINE.matcher(text).find() && !NOT_AN_ERROR.matcher(text).find();
        if (open != null) {
            append(open, line);
            if (error) {
                afterLeft = keepLines;
            } else if (--afterLeft <= 0) {
                open = null;
            }
        } else if (error && blocks.size() < MAX_BLOCKS) {
            open = new StringBuilder();
            before.forEach(b -> append(open, b));
            append(open, line);
            blocks.add(open);
            blockLines.add(text.trim());
            afterLeft = keepLines;
        }
        if (error) {
            lastErrorLine = text.trim();
            for (Kind kind : KINDS) {
                if (!findings.containsKey(kind.name) && kind.pattern.matcher(text).find()) {
                    findings.put(kind.name, new ConsoleFinding(kind.name, kind.title, text.trim(), ""));
                }
            }
        } else {
            for (Kind kind : KINDS) {
                if (!kind.name.equals("compile_error") && !findings.containsKey(kind.name) && kind.pattern.matcher(text).find()) {
                    findings.put(kind.name, new ConsoleFinding(kind.name, kind.title, text.trim(), ""));
                }
            }
        }
        remember(before, line, keepLines);
    }

    /** The kept part of the log: the blocks around errors and the end, joined with a marker where lines were left out. */
    public String excerpt() {
        StringBuilder out = new StringBuilder();
        for (StringBuilder block : blocks) {
            out.append(block).append("[...]\n");
        }
        out.append(String.join("\n", tail));
        return out.toString();
    }

    /**
     * What went wrong, by kind; when nothing specific matched, one {@code build_error} with the last error line. Each
     * finding carries the excerpt of the block its line is in (or the end of the log).
     */
    public List<ConsoleFinding> findings() {
        List<ConsoleFinding> out = new ArrayList<>();
        for (ConsoleFinding finding : findings.values()) {
            out.add(new ConsoleFinding(finding.kind(), finding.title(), finding.line(), excerptAround(finding.line())));
        }
        if (out.isEmpty() && !lastErrorLine.isEmpty()) {
            out.add(new ConsoleFinding("build_error", "The build failed", lastErrorLine, excerptAround(lastErrorLine)));
        }
        return out;
    }

    /** Downstream builds the log reports as finished but not successful. */
    public Set<JenkinsPaths.JobBuild> failedDownstream() {
        return failedDownstream;
    }

    public long lines() {
        return lines;
    }

    private String excerptAround(String line) {
        for (int i = 0; i < blocks.size(); i++) {
            if (blockLines.get(i).equals(line) || blocks.get(i).indexOf(line) >= 0) {
                return blocks.get(i).toString();
            }
        }
        String end = String.join("\n", tail);
        return end.length() > maxExcerpt ? end.substring(end.length() - maxExcerpt) : end;
    }

    private void append(StringBuilder block, String line) {
        if (block.length() + line.length() + 1 <= maxExcerpt) {
            block.append(line).append('\n');
        }
    }

    private static void remember(Deque<String> window, String line, int size) {
        if (size <= 0) {
            return;
        }
        window.addLast(line);
        while (window.size() > size) {
            window.removeFirst();
        }
    }

    private record Kind(String name, String title, Pattern pattern) {
    }
}
