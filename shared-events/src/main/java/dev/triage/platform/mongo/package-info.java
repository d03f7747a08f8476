/** MongoDB plumbing shared by every service: a health check that works on real MongoDB and on the embedded store. */
@NullMarked
package dev.triage.platform.mongo;

import org.jspecify.annotations.NullMarked;
