package dev.triage.gateway.access;

import dev.triage.platform.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/admin/users}: create, list, delete, change role, rotate key. Guards: nobody deletes or demotes themselves,
 * the last admin (other than the reserved bootstrap {@code admin}) stays, and {@code admin} itself is not a user to
 * manage. A changed role or key ends the user's sessions.
 */
@RestController
class AdminUsersController {

    private static final Logger log = LoggerFactory.getLogger(AdminUsersController.class);

    private final AccessStore store;
    private final Identities identities;

    AdminUsersController(AccessStore store, Identities identities) {
        this.store = store;
        this.identities = identities;
    }

    @GetMapping("/api/admin/users")
    Map<String, Object> list() {
        return Map.of("users", store.users().stream().map(AdminUsersController::row).toList());
    }

    @PostMapping(path = "/api/admin/users", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> create(@RequestBody(required = false) @Nullable String body) {
        StrictJson json = StrictJson.parse(body, Set.of("username", "role"));
        String username = json.requiredString("username", 50);
        if (!username.matches(AuthController.USERNAME_PATTERN)) {
            throw StrictJson.invalid("2-50 characters: letters, digits, '.', '_', '-', starting with a letter or digit",
                    List.of("username"));
        }
        if (username.equalsIgnoreCase(AdminKey.USERNAME)) {
            throw StrictJson.invalid("The username 'admin' is reserved", List.of("username"));
        }
        Role role = role(json.string("role", 20), Role.ADMIN);
        if (!store.createUser(new UserAccount(username, role.wire(), Instant.now(), null, null, null))) {
            throw new ApiException(HttpStatus.CONFLICT, "user_exists", "A user with this name exists", Map.of("field", "username"));
        }
        String key = identities.issueApiKey(username, null);
        log.info("User {} created with role {} by {}", username, role.wire(), Principals.currentActor());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("username", username);
        out.put("api_key", key);
        out.put("role", role.wire());
        return out;
    }

    @DeleteMapping("/api/admin/users/{username}")
    Map<String, Object> delete(@PathVariable String username, HttpServletRequest request) {
        UserAccount user = managed(username);
        if (user.username().equals(Principals.of(request).username())) {
            throw new ApiException(HttpStatus.CONFLICT, "cannot_modify_self", "You cannot delete yourself");
        }
        if (user.roleValue() == Role.ADMIN && store.countAdmins() <= 1) {
            throw new ApiException(HttpStatus.CONFLICT, "last_admin", "The last admin cannot be deleted");
        }
        store.deleteUser(user.username());
        log.info("User {} deleted by {}", user.username(), Principals.of(request).actor());
        return Map.of("deleted", user.username());
    }

    @PutMapping(path = "/api/admin/users/{username}/role", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> changeRole(@PathVariable String username, @RequestBody(required = false) @Nullable String body,
            HttpServletRequest request) {
        StrictJson json = StrictJson.parse(body, Set.of("role"));
        Role role = role(json.requiredString("role", 20), null);
        UserAccount user = managed(username);
        if (user.username().equals(Principals.of(request).username())) {
            throw new ApiException(HttpStatus.CONFLICT, "cannot_modify_self", "You cannot change your own role");
        }
        if (user.roleValue() == Role.ADMIN && role != Role.ADMIN && store.countAdmins() <= 1) {
            throw new ApiException(HttpStatus.CONFLICT, "last_admin", "The last admin cannot be demoted");
        }
        store.setRole(user.username(), role);
        log.info("User {} changed from {} to {} by {}", user.username(), user.role(), role.wire(), Principals.of(request).actor());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("username", user.username());
        out.put("role", role.wire());
        // a new role gets a new key: the old one (and every session opened with it) stops working
        out.put("api_key", identities.issueApiKey(user.username(), null));
        return out;
    }

    @PostMapping(path = "/api/admin/users/{username}/rotate-key", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> rotateKey(@PathVariable String username, @RequestBody(required = false) @Nullable String body) {
        StrictJson json = StrictJson.parse(body, Set.of("new_key"));
        String custom = json.string("new_key", Identities.MAX_CREDENTIAL_LENGTH);
        if (custom != null && (custom.length() < AdminKey.MIN_LENGTH || !custom.chars().allMatch(c -> c > 0x20 && c < 0x7F))) {
            throw StrictJson.invalid("At least " + AdminKey.MIN_LENGTH + " printable characters, no spaces", List.of("new_key"));
        }
        UserAccount user = managed(username);
        String key = identities.issueApiKey(user.username(), custom);
        log.info("API key of {} rotated by {}", user.username(), Principals.currentActor());
        return Map.of("username", user.username(), "new_api_key", key);
    }

    private UserAccount managed(String username) {
        if (!username.matches(AuthController.USERNAME_PATTERN)) {
            throw ApiException.notFound("User", "");
        }
        if (username.equals(AdminKey.USERNAME)) {
            throw ApiException.unprocessable("reserved_user", "The bootstrap admin is managed through TRIAGE_ADMIN_KEY", Map.of());
        }
        return store.user(username).orElseThrow(() -> ApiException.notFound("User", username));
    }

    private static Role role(@Nullable String wire, @Nullable Role fallback) {
        if (wire == null && fallback != null) {
            return fallback;
        }
        return Role.fromWire(wire == null ? "" : wire).orElseThrow(() -> StrictJson.invalid(
                "One of admin, maintainer, user, viewer", List.of("role")));
    }

    private static Map<String, Object> row(UserAccount u) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", u.createdAt().toEpochMilli());
        out.put("username", u.username());
        out.put("role", u.role());
        out.put("created_at", u.createdAt().toString());
        out.put("last_seen", u.lastSeen() == null ? null : u.lastSeen().toString());
        return out;
    }
}
