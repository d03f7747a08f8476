package dev.triage.gateway.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** An IPv4 or IPv6 network block such as {@code 10.0.0.0/8} or {@code ::1}. */
record Cidr(byte[] network, int prefix) {

    static Cidr parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        if (!address.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("not an IP network: " + text);
        }
        byte[] bytes = literal(address);
        int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(s.substring(slash + 1));
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("bad prefix length: " + text);
        }
        return new Cidr(bytes, prefix);
    }

    static List<Cidr> parseAll(List<String> texts) {
        return texts.stream().filter(t -> !t.isBlank()).map(Cidr::parse).toList();
    }

    static boolean anyContains(List<Cidr> blocks, String address) {
        if (!address.matches("[0-9a-fA-F:.\\[\\]%a-zA-Z]+")) {
            return false;
        }
        byte[] bytes;
        try {
            bytes = literal(address.replace("[", "").replace("]", "").replaceAll("%.*$", ""));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return blocks.stream().anyMatch(b -> b.contains(bytes));
    }

    boolean contains(byte[] address) {
        byte[] candidate = address;
        if (candidate.length != network.length) {
            // an IPv4-mapped IPv6 address (::ffff:a.b.c.d) against an IPv4 block
            if (candidate.length == 16 && network.length == 4 && isMapped(candidate)) {
                candidate = java.util.Arrays.copyOfRange(candidate, 12, 16);
            } else {
                return false;
            }
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (candidate[full] & mask) == (network[full] & mask);
    }

    private static boolean isMapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
    }

    /** Parses an address literal without any name lookup. */
    private static byte[] literal(String address) {
        if (!address.contains(":") && !address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException("not an address literal");
        }
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address literal", e);
        }
    }
}
