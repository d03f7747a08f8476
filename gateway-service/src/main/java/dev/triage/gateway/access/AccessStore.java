package dev.triage.gateway.access;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

/**
 * The gateway's identity collections: {@code users}, {@code sessions}, {@code tokens}. Every lookup is by {@code _id}
 * (the embedded store has no secondary indexes); expiry is checked in code and the {@link AccessSweeper} removes what
 * has expired.
 */
@Repository
class AccessStore {

    private final MongoTemplate mongo;

    AccessStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    // users

    Optional<UserAccount> user(String username) {
        return Optional.ofNullable(mongo.findById(username, UserAccount.class));
    }

    List<UserAccount> users() {
        return mongo.find(new Query().with(Sort.by("createdAt")), UserAccount.class);
    }

    /** @return false when the username is taken */
    boolean createUser(UserAccount user) {
        try {
            mongo.insert(user);
            return true;
        } catch (org.springframework.dao.DuplicateKeyException e) {
            return false;
        }
    }

    /** Admins other than the reserved bootstrap {@code admin}. */
    long countAdmins() {
        return mongo.count(Query.query(where("role").is(Role.ADMIN.wire()).and("_id").ne(AdminKey.USERNAME)), UserAccount.class);
    }

    void setRole(String username, Role role) {
        mongo.updateFirst(byId(username), new Update().set("role", role.wire()), UserAccount.class);
    }

    void setApiKey(String username, String apiKeyId) {
        mongo.updateFirst(byId(username), new Update().set("apiKeyId", apiKeyId), UserAccount.class);
    }

    void setSecrets(String username, Map<String, String> set, List<String> unset) {
        Update update = new Update();
        set.forEach((k, v) -> update.set("secrets." + k, v));
        unset.forEach(k -> update.unset("secrets." + k));
        if (!update.getUpdateObject().isEmpty()) {
            mongo.updateFirst(byId(username), update, UserAccount.class);
        }
    }

    void touchUser(String username, Instant now) {
        mongo.updateFirst(Query.query(where("_id").is(username).orOperator(where("lastSeen").is(null),
                where("lastSeen").lt(now.minusSeconds(60)))), new Update().set("lastSeen", now), UserAccount.class);
    }

    void deleteUser(String username) {
        mongo.remove(byId(username), UserAccount.class);
        mongo.remove(Query.query(where("username").is(username)), StoredToken.class);
        deleteSessionsOf(username);
    }

    // tokens and personal keys

    Optional<StoredToken> token(String id) {
        return Optional.ofNullable(mongo.findById(id, StoredToken.class));
    }

    void saveToken(StoredToken token) {
        mongo.insert(token);
    }

    List<StoredToken> tokensOf(String username) {
        return mongo.find(Query.query(where("username").is(username).and("kind").is(StoredToken.TOKEN))
                .with(Sort.by("createdAt")), StoredToken.class);
    }

    boolean revokeToken(String id, Instant now) {
        return mongo.updateFirst(Query.query(where("_id").is(id).and("revokedAt").is(null)),
                new Update().set("revokedAt", now), StoredToken.class).getModifiedCount() > 0;
    }

    void removeToken(String id) {
        mongo.remove(byId(id), StoredToken.class);
    }

    void touchToken(String id, Instant now) {
        mongo.updateFirst(Query.query(where("_id").is(id).orOperator(where("lastUsedAt").is(null),
                where("lastUsedAt").lt(now.minusSeconds(60)))), new Update().set("lastUsedAt", now), StoredToken.class);
    }

    // sessions

    Optional<StoredSession> session(String id) {
        return Optional.ofNullable(mongo.findById(id, StoredSession.class));
    }

    void saveSession(StoredSession session) {
        mongo.insert(session);
    }

    void extendSession(String id, Instant expiresAt) {
        mongo.updateFirst(byId(id), new Update().set("expiresAt", expiresAt), StoredSession.class);
    }

    void deleteSession(String id) {
        mongo.remove(byId(id), StoredSession.class);
    }

    void deleteSessionsOf(String username) {
        mongo.remove(Query.query(where("username").is(username)), StoredSession.class);
    }

    /** Removes expired sessions and tokens that expired or were revoked more than {@code keep} ago. */
    long sweep(Instant now, @Nullable Instant tokensBefore) {
        long removed = mongo.remove(Query.query(where("expiresAt").lt(now)), StoredSession.class).getDeletedCount();
        removed += mongo.remove(Query.query(where("endsAt").lt(now)), StoredSession.class).getDeletedCount();
        if (tokensBefore != null) {
            removed += mongo.remove(Query.query(where("kind").is(StoredToken.TOKEN).orOperator(
                    where("expiresAt").lt(tokensBefore), where("revokedAt").lt(tokensBefore))), StoredToken.class)
                    .getDeletedCount();
        }
        return removed;
    }

    private static Query byId(String id) {
        return Query.query(where("_id").is(id));
    }
}
