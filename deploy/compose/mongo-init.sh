#!/bin/bash
# Run once by the compose service mongo-init: makes `mongo` a one-member replica set named rs0, waits until it is
# the primary and creates the secondary indexes the services' filtered reads use. Idempotent: on later starts the set already exists and this only waits. Every wait is bounded.
set -euo pipefail
host=${MONGO_HOST:-mongo:27017}

for attempt in $(seq 1 60); do
  mongosh --host "$host" --quiet --eval 'db.runCommand({ ping: 1 }).ok' >/dev/null 2>&1 && break
  [ "$attempt" -eq 60 ] && { echo "mongo-init: $host did not answer within 60 s" >&2; exit 1; }
  sleep 1
done

# The member's host name must be one the services can resolve (the compose service name), because drivers connect to
# the members the replica set config lists, not to the address in the URI.
mongosh --host "$host" --quiet --eval '
  try {
    rs.status();
    print("mongo-init: replica set already initialised");
  } catch (e) {
    if (e.codeName !== "NotYetInitialized") { throw e; }
    rs.initiate({ _id: "rs0", members: [{ _id: 0, host: "mongo:27017" }] });
    print("mongo-init: replica set rs0 initiated");
  }'

primary=false
for attempt in $(seq 1 60); do
  if [ "$(mongosh --host "$host" --quiet --eval 'db.hello().isWritablePrimary')" = "true" ]; then
    echo "mongo-init: mongo:27017 is primary"
    primary=true
    break
  fi
  sleep 1
done
if [ "$primary" != true ]; then
  echo "mongo-init: no primary after 60 s" >&2
  exit 1
fi

# Secondary indexes for reads that filter on a field (createIndex is a no-op when the index exists). The hot reads of
# every service are by _id, which MongoDB always indexes; the indexes a service's writes depend on (history's unique
# `rev` write guard) are created by the service itself at start, because the embedded store needs them too.
# History: the classifications list filters on test_name (and others), newest first; job metadata lists filter on team
# and labels; the outbox sweeper looks for documents with unpublished events ({"outbox.0": {$exists: true}}; sparse:
# only those documents have the field).
prefix=${TRIAGE_MONGODB_DATABASE_PREFIX:-triage}
mongosh --host "$host" --quiet --eval '
  const history = db.getSiblingDB("'"$prefix"'-history");
  history.classifications.createIndex({ test_name: 1, _id: -1 });
  history.job_metadata.createIndex({ team: 1 });
  history.job_metadata.createIndex({ labels: 1 });
  history.test_history.createIndex({ "outbox.0": 1 }, { sparse: true });
  history.job_history.createIndex({ "outbox.0": 1 }, { sparse: true });
  print("mongo-init: history indexes in place");'
exit 0
