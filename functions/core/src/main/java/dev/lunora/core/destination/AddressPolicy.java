package dev.lunora.core.destination;

import dev.lunora.core.exceptions.ValidationException;
import dev.lunora.core.ports.HostResolver;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a destination may point: never inside a private network (loopback, RFC 1918, unique-local, link-local with
 * the instance metadata address, CGNAT, multicast, unspecified). Otherwise the channel, and above all the relay, would
 * push to — and so probe — addresses inside the AWS account's network on a producer's say-so.
 *
 * <p>Checked on the literal host (any IPv4 spelling a resolver accepts: dotted, decimal, octal, hex, fewer than four
 * parts; IPv6 in brackets, IPv4-mapped) and on every address a name resolves to. Checked when a destination is saved
 * and again just before a push connects, since a name can resolve elsewhere later. A name that does not resolve is
 * accepted: a platform name must be savable on a laptop without network, and connecting to it fails on its own.
 *
 * <p>An operator lets ranges through with {@code LUNORA_ALLOWED_PRIVATE_RANGES} (comma-separated CIDRs, e.g. a
 * studio LAN); local mode allows loopback for its test platform.
 */
public final class AddressPolicy {

    private static final String SETTING = "LUNORA_ALLOWED_PRIVATE_RANGES";
    private static final List<Cidr> REFUSED = List.of(
            Cidr.parse("0.0.0.0/8"), Cidr.parse("10.0.0.0/8"), Cidr.parse("100.64.0.0/10"), Cidr.parse("127.0.0.0/8"),
            Cidr.parse("169.254.0.0/16"), Cidr.parse("172.16.0.0/12"), Cidr.parse("192.168.0.0/16"),
            Cidr.parse("224.0.0.0/4"), Cidr.parse("255.255.255.255/32"),
            Cidr.parse("::/128"), Cidr.parse("::1/128"), Cidr.parse("fc00::/7"), Cidr.parse("fe80::/10"),
            Cidr.parse("ff00::/8"));

    private final List<Cidr> allowed;
    private final HostResolver resolver;

    private AddressPolicy(List<Cidr> allowed, HostResolver resolver) {
        this.allowed = List.copyOf(allowed);
        this.resolver = resolver;
    }

    /** Nothing private allowed; names resolved by the JVM. */
    public static AddressPolicy standard() {
        return of(null, HostResolver.system());
    }

    /**
     * @param allowedRanges the value of {@code LUNORA_ALLOWED_PRIVATE_RANGES}: comma-separated CIDRs, or null/blank
     * @throws IllegalArgumentException naming the setting when a range is not a CIDR
     */
    public static AddressPolicy of(String allowedRanges, HostResolver resolver) {
        List<Cidr> allowed = new ArrayList<>();
        if (allowedRanges != null) {
            for (String part : allowedRanges.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                try {
                    allowed.add(Cidr.parse(part.strip()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(SETTING + " must list CIDR ranges such as 192.168.10.0/24 or ::1/128, not '"
                            + DestinationRules.printable(part.strip()) + "'.", e);
                }
            }
        }
        return new AddressPolicy(allowed, resolver);
    }

    /** Refuses {@code url} with a ValidationException on {@code field} when it points inside a private network. */
    public void check(String field, String label, String url) {
        problem(url).ifPresent(reason -> {
            throw new ValidationException(field, label + " " + reason);
        });
    }

    /**
     * Why a push must not connect to {@code url} ("points inside a private network …"), or empty when it may.
     * A URL without a host, or whose name does not resolve, is not refused here.
     */
    public Optional<String> problem(String url) {
        if (url == null) {
            return Optional.empty();
        }
        String host;
        try {
            URI uri = new URI(url);
            host = uri.getHost();
            if (host == null) {
                // A registry-based authority (e.g. rtmp://2130706433/app): Java finds no host, a C resolver might.
                String authority = uri.getRawAuthority();
                host = authority == null ? null : authority.replaceFirst("^.*@", "").replaceFirst(":\\d*$", "");
            }
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (host == null || host.isEmpty()) {
            return Optional.empty();
        }
        List<InetAddress> addresses = literal(host);
        if (addresses == null) {
            try {
                addresses = resolver.resolve(host);
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        for (InetAddress address : addresses) {
            if (refused(address)) {
                String shown = DestinationRules.printable(host);
                String as = shown.equalsIgnoreCase(address.getHostAddress()) ? "" : " (" + shown + " is " + address.getHostAddress() + ")";
                return Optional.of("points inside a private network" + as + ": Lunora only pushes to public ingest addresses."
                        + " An operator can allow a range with " + SETTING + ".");
            }
        }
        return Optional.empty();
    }

    private boolean refused(InetAddress address) {
        InetAddress a = unmapped(address);
        return REFUSED.stream().anyMatch(c -> c.contains(a)) && allowed.stream().noneMatch(c -> c.contains(a));
    }

    /** An IPv4-mapped or IPv4-compatible IPv6 address as the IPv4 address it carries. */
    private static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            boolean zeros = true;
            for (int i = 0; i < 10; i++) {
                zeros &= b[i] == 0;
            }
            boolean mapped = zeros && b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            boolean compatible = zeros && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] == 0 || b[15] == 1));
            if (mapped || compatible) {
                try {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    throw new IllegalStateException("four bytes are an IPv4 address", e);
                }
            }
        }
        return address;
    }

    /**
     * The addresses a literal host means, or null when it is a name. Every reading counts: {@code 0177.0.0.1} is
     * 127.0.0.1 to a C resolver (octal) and 177.0.0.1 read as decimal, so both are checked.
     */
    static List<InetAddress> literal(String rawHost) {
        String host = rawHost.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            String inside = host.substring(1, host.length() - 1);
            int zone = inside.indexOf('%');
            InetAddress v6 = ipv6(zone < 0 ? inside : inside.substring(0, zone));
            // Not an address any resolver accepts: refuse it as unspecified rather than guess.
            return List.of(v6 == null ? ipv4(0) : v6);
        }
        if (host.contains(":")) {
            InetAddress v6 = ipv6(host);
            return List.of(v6 == null ? ipv4(0) : v6);
        }
        List<InetAddress> out = new ArrayList<>();
        Long cStyle = inetAton(host);
        if (cStyle == null) {
            return null;
        }
        out.add(ipv4(cStyle));
        Long decimal = dottedDecimal(host);
        if (decimal != null && !decimal.equals(cStyle)) {
            out.add(ipv4(decimal));
        }
        return out;
    }

    /** inet_aton(3): one to four parts, each decimal, octal (leading 0) or hex (0x); the last fills the rest. */
    private static Long inetAton(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length < 1 || parts.length > 4) {
            return null;
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Long v = number(parts[i]);
            if (v == null) {
                return null;
            }
            values[i] = v;
        }
        long result = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 255) {
                return null;
            }
            result |= values[i] << (24 - 8 * i);
        }
        long last = values[parts.length - 1];
        long lastMax = (1L << (8 * (5 - parts.length))) - 1;
        if (last > lastMax) {
            return null;
        }
        return result | last;
    }

    private static Long dottedDecimal(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        long result = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 4 || !p.chars().allMatch(Character::isDigit) || Long.parseLong(p) > 255) {
                return null;
            }
            result = result << 8 | Long.parseLong(p);
        }
        return result;
    }

    private static Long number(String part) {
        try {
            if (part.startsWith("0x")) {
                return part.length() == 2 ? 0L : hexOrNull(part.substring(2));
            }
            if (part.length() > 1 && part.startsWith("0")) {
                return part.chars().allMatch(c -> c >= '0' && c <= '7') && part.length() <= 12 ? Long.parseLong(part, 8) : null;
            }
            return !part.isEmpty() && part.length() <= 10 && part.chars().allMatch(Character::isDigit) ? Long.parseLong(part) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long hexOrNull(String digits) {
        return digits.length() <= 8 && digits.chars().allMatch(c -> Character.digit(c, 16) >= 0) ? Long.parseLong(digits, 16) : null;
    }

    private static InetAddress ipv4(long value) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }

    /** An IPv6 literal, or null; InetAddress parses text containing ':' as a literal, without any lookup. */
    private static InetAddress ipv6(String text) {
        if (!text.contains(":") || !text.matches("[0-9a-f:.]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An address range. */
    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            InetAddress parsed = address.contains(":") ? ipv6(address.toLowerCase(Locale.ROOT)) : null;
            if (!address.contains(":")) {
                Long v4 = dottedDecimal(address);
                parsed = v4 == null ? null : ipv4(v4);
            }
            if (parsed == null) {
                throw new IllegalArgumentException("not an address: " + address);
            }
            byte[] network = parsed.getAddress();
            int prefix;
            try {
                prefix = slash < 0 ? network.length * 8 : Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a prefix length: " + text, e);
            }
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("prefix out of range: " + text);
            }
            return new Cidr(network, prefix);
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((a[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
