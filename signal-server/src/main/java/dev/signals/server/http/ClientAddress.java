package dev.signals.server.http;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import reactor.netty.http.server.HttpServerRequest;

/**
 * The client address the per-IP limits count (SECURITY.md "Limits and their defaults"). Normally the TCP peer. When
 * the peer is one of {@code --trusted-proxies}, {@code X-Forwarded-For} is read from the right —
 * each trusted proxy appends the address it saw — and the first address that is not itself a
 * trusted proxy is the client. Left of that, anything could have been written by the client, so
 * it is never read; a peer that is not trusted cannot choose its address this way at all.
 */
public final class ClientAddress {
    private static final String X_FORWARDED_FOR = "X-Forwarded-For";
    private final List<IpSubnetFilterRule> trusted = new ArrayList<>();

    /** @param trustedProxies IPs ({@code 10.0.0.7}) or CIDRs ({@code 10.0.0.0/8}, {@code fd00::/8}) */
    public ClientAddress(List<String> trustedProxies) {
        for (String proxy : trustedProxies) {
            trusted.add(subnet(proxy));
        }
    }

    /** Parses one IP or CIDR; a bad one is an {@link IllegalArgumentException} saying why. */
    public static IpSubnetFilterRule subnet(String text) {
        String spec = text.trim();
        int slash = spec.indexOf('/');
        InetAddress address = literal(slash < 0 ? spec : spec.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("not an IP address or CIDR: '" + text + "'");
        }
        int max = address.getAddress().length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? max : Integer.parseInt(spec.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an IP address or CIDR: '" + text + "'");
        }
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("prefix out of range in '" + text + "'");
        }
        return new IpSubnetFilterRule(address, prefix, IpFilterRuleType.ACCEPT);
    }

    /** The client's address as text, for the per-IP limits. */
    public String of(HttpServerRequest req) {
        InetSocketAddress remote = req.remoteAddress();
        if (remote == null) {
            return "unknown";
        }
        String peer = remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
        if (trusted.isEmpty() || remote.getAddress() == null || !isTrusted(remote.getAddress())) {
            return peer;
        }
        List<String> forwarded = req.requestHeaders().getAll(X_FORWARDED_FOR);
        for (int h = forwarded.size() - 1; h >= 0; h--) {
            String[] hops = forwarded.get(h).split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                InetAddress hop = literal(hops[i].trim());
                if (hop == null) {
                    return peer; // garbage where an address should be: nothing left of it can be trusted
                }
                if (!isTrusted(hop)) {
                    return hop.getHostAddress();
                }
            }
        }
        return peer; // only proxies in the chain: the nearest one is the best answer there is
    }

    /** Whether {@code address} is one of {@code --trusted-proxies}. */
    public boolean isTrustedProxy(InetAddress address) {
        return !trusted.isEmpty() && isTrusted(address);
    }

    private boolean isTrusted(InetAddress address) {
        InetSocketAddress probe = new InetSocketAddress(address, 0);
        for (IpSubnetFilterRule rule : trusted) {
            if (rule.matches(probe)) {
                return true;
            }
        }
        return false;
    }

    /** An IP literal (never a name: no DNS lookup happens here), or null. */
    private static InetAddress literal(String text) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
