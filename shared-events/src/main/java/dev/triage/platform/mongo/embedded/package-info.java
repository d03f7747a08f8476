/**
 * The embedded MongoDB-compatible store (mongo-java-server) as the local all-in-one and the tests run it, with one fix
 * that decides its speed: a query that names a document's {@code _id} (or another unique key) next to other conditions
 * is answered from that key's index instead of a scan of the whole collection.
 *
 * <p>mongo-java-server uses an index only when a query's fields are exactly the index's fields, so the guarded updates
 * every service relies on ({@code _id} plus a status, version or lease condition) read every document of their
 * collection. Here the key narrows the candidates to one document (or the listed ones for {@code $in}) and the whole
 * query is then matched against them as before, so results are the same. mongo-java-server is an optional dependency
 * of this module: only the launcher and the tests, which start the store, bring it.
 */
@NullMarked
package dev.triage.platform.mongo.embedded;

import org.jspecify.annotations.NullMarked;
