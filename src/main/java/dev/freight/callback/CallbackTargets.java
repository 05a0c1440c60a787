package dev.freight.callback;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which addresses a callback may reach: public ones, and private, loopback, link-local or
 * otherwise internal ones only inside the configured CIDR ranges, so that no request can make
 * Freight reach into its own network. The host is resolved once, every address it resolves to is
 * checked, and the delivery connects to those addresses only ({@link Target}): a DNS answer that
 * changes between the check and the connection (rebinding) cannot lead anywhere else. IPv6 forms
 * that carry an IPv4 address (mapped, compatible, NAT64, 6to4, Teredo) are judged by that
 * address, and numeric host forms other than a dotted quad (2130706433, 0x7f.1, 0177.0.0.1),
 * which resolvers read differently, are refused.
 */
public final class CallbackTargets {
    /** Looks a host name up; injectable so that tests can answer differently on each lookup. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;

        Resolver SYSTEM = InetAddress::getAllByName;
    }

    /** Where a callback may go: the URL, and the checked addresses of its host, to connect to in order. */
    public record Target(URI url, List<InetAddress> addresses) {}

    /** Why a callback may not go where it asks. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private record Cidr(byte[] network, int bits) {
        boolean contains(byte[] addr) {
            if (addr.length != network.length) return false;
            int full = bits / 8;
            for (int i = 0; i < full; i++) if (addr[i] != network[i]) return false;
            int rest = bits % 8;
            if (rest == 0) return true;
            int mask = 0xff << (8 - rest);
            return (addr[full] & mask) == (network[full] & mask);
        }
    }

    private static final Pattern DOTTED_QUAD = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern NUMERIC = Pattern.compile("[0-9.]+|(0x[0-9a-f]*\\.?)+[0-9a-fx.]*|[0-9a-fx.]*\\.0x[0-9a-fx.]*");

    /** IPv4 ranges that are not the public internet (RFC 6890 and friends). */
    private static final List<Cidr> INTERNAL_V4 = List.of(
            v4("0.0.0.0", 8), v4("10.0.0.0", 8), v4("100.64.0.0", 10), v4("127.0.0.0", 8), v4("169.254.0.0", 16),
            v4("172.16.0.0", 12), v4("192.0.0.0", 24), v4("192.0.2.0", 24), v4("192.88.99.0", 24), v4("192.168.0.0", 16),
            v4("198.18.0.0", 15), v4("198.51.100.0", 24), v4("203.0.113.0", 24), v4("224.0.0.0", 4), v4("240.0.0.0", 4));

    private final List<Cidr> allowed;
    private final Resolver resolver;

    /** Throws IllegalArgumentException for a range that is not CIDR notation. */
    public CallbackTargets(List<String> allow) {
        this(allow, Resolver.SYSTEM);
    }

    public CallbackTargets(List<String> allow, Resolver resolver) {
        this.allowed = allow.stream().map(CallbackTargets::parse).toList();
        this.resolver = resolver;
    }

    private static Cidr v4(String network, int bits) {
        return parse(network + "/" + bits);
    }

    private static Cidr parse(String cidr) {
        String[] parts = cidr.trim().split("/", 2);
        try {
            byte[] net = InetAddress.getByName(parts[0]).getAddress();
            int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : net.length * 8;
            if (bits < 0 || bits > net.length * 8) throw new IllegalArgumentException();
            return new Cidr(net, bits);
        } catch (UnknownHostException | RuntimeException e) {
            throw new IllegalArgumentException("'" + cidr + "' is not a CIDR range such as 10.0.0.0/8 or 127.0.0.1/32");
        }
    }

    /** Resolves the URL's host once and checks every address; the target to connect to, or why not. */
    public Target check(URI url) throws Refused {
        String host = url.getHost();
        if (host == null || host.isEmpty()) throw new Refused("the callback URL has no host");
        List<InetAddress> addresses = Arrays.asList(addresses(host));
        if (addresses.isEmpty()) throw new Refused("host " + host + " cannot be resolved");
        for (InetAddress a : addresses) {
            if (!internal(a.getAddress())) continue;
            boolean ok = false;
            for (Cidr c : allowed) ok |= c.contains(a.getAddress());
            if (!ok) {
                throw new Refused("callback to " + a.getHostAddress() + " refused: private, loopback, link-local and other"
                        + " internal addresses are reachable only when --callback-allow lists them");
            }
        }
        return new Target(url, List.copyOf(addresses));
    }

    private InetAddress[] addresses(String host) throws Refused {
        String h = host.toLowerCase(Locale.ROOT);
        try {
            if (h.startsWith("[") && h.endsWith("]")) {
                String literal = h.substring(1, h.length() - 1);
                if (literal.contains("%")) throw new Refused("callback to " + host + " refused: an address with a zone is link-local");
                return new InetAddress[] {InetAddress.getByName(literal)}; // a literal: no lookup
            }
            if (DOTTED_QUAD.matcher(h).matches()) return new InetAddress[] {InetAddress.getByName(h)};
            if (NUMERIC.matcher(h).matches()) {
                throw new Refused("callback to " + host + " refused: give an IPv4 address as four decimal numbers (a.b.c.d)");
            }
            InetAddress[] found = resolver.resolve(host);
            return found == null ? new InetAddress[0] : found;
        } catch (UnknownHostException e) {
            throw new Refused("host " + host + " cannot be resolved");
        }
    }

    /** Whether an address (4 or 16 bytes) is not on the public internet. */
    static boolean internal(byte[] b) {
        if (b.length == 4) return internalV4(b);
        byte[] v4 = embeddedV4(b);
        if (v4 != null) return isCompatible(b) || internalV4(v4); // ::a.b.c.d is deprecated: never a real host
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        boolean zeroPrefix = true;
        for (int i = 0; i < 15; i++) zeroPrefix &= b[i] == 0;
        return (zeroPrefix && (b[15] == 0 || b[15] == 1)) // :: and ::1
                || (first & 0xfe) == 0xfc // fc00::/7 unique local
                || (first == 0xfe && (second & 0xc0) == 0x80) // fe80::/10 link-local
                || (first == 0xfe && (second & 0xc0) == 0xc0) // fec0::/10 site-local
                || first == 0xff // multicast
                || (first == 0x01 && second == 0 && allZero(b, 2, 8)) // 100::/64 discard
                || (first == 0x20 && second == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) // 2001:db8::/32 documentation
                || (first == 0x00 && second == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && (b[4] & 0xff) == 0x00
                    && (b[5] & 0xff) == 0x01); // 64:ff9b:1::/48 local-use NAT64
    }

    private static boolean internalV4(byte[] v4) {
        for (Cidr c : INTERNAL_V4) if (c.contains(v4)) return true;
        return false;
    }

    private static boolean isCompatible(byte[] b) {
        return allZero(b, 0, 12) && !(allZero(b, 12, 15) && (b[15] == 0 || b[15] == 1));
    }

    /** The IPv4 address an IPv6 address carries, or null: mapped, compatible, translated, NAT64, 6to4, Teredo. */
    private static byte[] embeddedV4(byte[] b) {
        int w0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        int w1 = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) return tail(b); // ::ffff:a.b.c.d
        if (isCompatible(b)) return tail(b); // ::a.b.c.d
        if (allZero(b, 0, 8) && (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && allZero(b, 10, 12)) return tail(b); // ::ffff:0:a.b.c.d
        if (w0 == 0x0064 && w1 == 0xff9b && allZero(b, 4, 12)) return tail(b); // 64:ff9b::/96 NAT64
        if (w0 == 0x2002) return Arrays.copyOfRange(b, 2, 6); // 6to4
        if (w0 == 0x2001 && w1 == 0x0000) { // Teredo: the client's address, inverted, in the last 32 bits
            byte[] v4 = tail(b);
            for (int i = 0; i < 4; i++) v4[i] = (byte) ~v4[i];
            return v4;
        }
        return null;
    }

    private static byte[] tail(byte[] b) {
        return Arrays.copyOfRange(b, 12, 16);
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) if (b[i] != 0) return false;
        return true;
    }
}
