package dev.triage.platform.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The SSRF guard: a URL may be called only when it is {@code http} or {@code https} and every address its host resolves
 * to is public, or inside a network the operator allowed. Loopback, link-local (which holds cloud metadata endpoints),
 * private, carrier-grade NAT, unique-local, multicast and unspecified addresses are refused by default.
 *
 * <p>Hosts named in {@code trustedHosts} ({@code host:port}, e.g. the operator's own configured Jenkins) pass without the
 * address check: the operator chose them, a request did not. Redirect targets must be checked again by the caller.
 */
public final class NetworkGuard {

    private final List<Network> allowed;
    private final Set<String> trustedHosts;

    /**
     * @param allowedNetworks CIDR blocks (or single addresses) that may be called although they are internal
     * @param trustedHosts    {@code host:port} pairs, lower case, that are called without the address check
     */
    public NetworkGuard(List<String> allowedNetworks, Set<String> trustedHosts) {
        List<Network> networks = new ArrayList<>();
        for (String cidr : allowedNetworks) {
            if (!cidr.isBlank()) {
                networks.add(Network.parse(cidr.trim()));
            }
        }
        this.allowed = List.copyOf(networks);
        this.trustedHosts = Set.copyOf(trustedHosts);
    }

    /** A guard with the default policy: nothing internal is allowed. */
    public static NetworkGuard strict() {
        return new NetworkGuard(List.of(), Set.of());
    }

    /**
     * Checks one URL, resolving its host.
     *
     * @throws Blocked when the URL must not be called; the message says why without echoing credentials
     */
    public void check(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Blocked("only http and https URLs are allowed");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new Blocked("the URL has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Blocked("credentials inside the URL are not allowed");
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (trustedHosts.contains(bare.toLowerCase(Locale.ROOT) + ":" + port)) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bare);
        } catch (UnknownHostException e) {
            throw new Blocked("the host " + bare + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (isInternal(address) && allowed.stream().noneMatch(n -> n.contains(address))) {
                throw new Blocked("the host " + bare + " resolves to an internal address (" + address.getHostAddress()
                        + ") that the server does not allow");
            }
        }
    }

    /** Loopback, link-local, private, CGNAT, unique-local, multicast, unspecified, or an IPv4-mapped one of those. */
    public static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second <= 127) || (first == 198 && (second == 18 || second == 19))
                    || first >= 240;
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return true; // fc00::/7 unique local
            }
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isInternal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A URL the guard refuses. */
    public static final class Blocked extends RuntimeException {
        public Blocked(String message) {
            super(message);
        }
    }

    /** One CIDR block. */
    private record Network(byte[] base, int prefix) {

        static Network parse(String cidr) {
            int slash = cidr.indexOf('/');
            String host = slash < 0 ? cidr : cidr.substring(0, slash);
            try {
                byte[] base = InetAddress.getByName(host).getAddress();
                int prefix = slash < 0 ? base.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
                if (prefix < 0 || prefix > base.length * 8) {
                    throw new IllegalArgumentException("bad prefix in " + cidr);
                }
                return new Network(base, prefix);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("not a network: " + cidr);
            }
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != base.length) {
                return false;
            }
            int bits = prefix;
            for (int i = 0; i < a.length && bits > 0; i++, bits -= 8) {
                int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
                if ((a[i] & mask) != (base[i] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
