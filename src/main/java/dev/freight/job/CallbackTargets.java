package dev.freight.job;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Which addresses a callback may reach: public ones, and private, loopback or link-local ones
 * only inside the configured CIDR ranges, so that no request can make Freight reach into its
 * own network.
 */
public final class CallbackTargets {
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

    private final List<Cidr> allowed;

    /** Throws IllegalArgumentException for a range that is not CIDR notation. */
    public CallbackTargets(List<String> allow) {
        this.allowed = allow.stream().map(CallbackTargets::parse).toList();
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

    /** Null when every address of the URL's host may be reached, else why not. */
    public String refusal(URI url) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(url.getHost());
        } catch (UnknownHostException e) {
            return "host " + url.getHost() + " cannot be resolved";
        }
        for (InetAddress a : addresses) {
            if (!internal(a)) continue;
            boolean ok = false;
            for (Cidr c : allowed) ok |= c.contains(a.getAddress());
            if (!ok) {
                return "callback to " + a.getHostAddress() + " refused: private, loopback and link-local addresses "
                        + "are reachable only when --callback-allow lists them";
            }
        }
        return null;
    }

    private static boolean internal(InetAddress a) {
        byte[] b = a.getAddress();
        boolean uniqueLocalV6 = b.length == 16 && (b[0] & 0xfe) == 0xfc;
        boolean carrierNat = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        return a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress() || uniqueLocalV6 || carrierNat;
    }
}
