package dev.triage.platform;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;

/**
 * When a service runs as a child of the local launcher ({@code -Dtriage.parent-pid}), it exits as soon as the launcher
 * is gone, even if the launcher was killed without a chance to stop its children. No orphan survives {@code kill -9}.
 */
public class ParentProcessWatchdog implements ApplicationListener<ApplicationStartedEvent> {

    private static final Logger log = LoggerFactory.getLogger(ParentProcessWatchdog.class);

    @Override
    public void onApplicationEvent(ApplicationStartedEvent event) {
        String pid = System.getProperty("triage.parent-pid");
        if (pid == null || pid.isBlank()) {
            return;
        }
        ProcessHandle.of(Long.parseLong(pid.trim())).ifPresentOrElse(parent -> parent.onExit().thenRun(() -> {
            log.warn("Launcher process {} is gone; stopping", pid);
            System.exit(0);
        }), () -> System.exit(0));
    }
}
