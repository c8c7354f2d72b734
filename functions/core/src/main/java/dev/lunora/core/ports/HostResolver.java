package dev.lunora.core.ports;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Every address a host name resolves to. A port so the address policy can be tested without a network; the
 * default is the JVM's resolver.
 */
@FunctionalInterface
public interface HostResolver {

    /** @throws UnknownHostException when the name does not resolve (no such name, or no network) */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
