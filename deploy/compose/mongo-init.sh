#!/bin/bash
# Run once by the compose service mongo-init: makes `mongo` a one-member replica set named rs0 and waits until it is
# the primary. Idempotent: on later starts the set already exists and this only waits. Every wait is bounded.
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

for attempt in $(seq 1 60); do
  if [ "$(mongosh --host "$host" --quiet --eval 'db.hello().isWritablePrimary')" = "true" ]; then
    echo "mongo-init: mongo:27017 is primary"
    exit 0
  fi
  sleep 1
done
echo "mongo-init: no primary after 60 s" >&2
exit 1
