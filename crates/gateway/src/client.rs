//! The client's address: the peer of the connection, or, when the peer is a proxy the settings
//! trust, the address that proxy says it forwards for, in the one header the proxies write
//! (`X-Forwarded-For` by default, or `Forwarded: for=`). Limits before authentication and
//! refusal records key on it.
//!
//! Only trusted proxies are believed, and only in the header they write: anyone can send either
//! header, and most proxies append to `X-Forwarded-For` but pass a client's own `Forwarded`
//! through, so believing the other one would let a client pick a fresh address per request.
//! Behind a chain of proxies, the address is the last one in the header that is not itself
//! trusted. IPv4 addresses mapped into IPv6 (`::ffff:10.0.0.1`, as a dual-stack listener sees
//! them) are taken as IPv4, and an IPv6 client is limited by its /64, the block one subscriber
//! gets: it could otherwise take a fresh address for every request.

use std::net::IpAddr;
use std::str::FromStr;

use actix_web::dev::ServiceRequest;
use actix_web::http::header::HeaderMap;
use ipnet::IpNet;
use serde::{Deserialize, Deserializer};

/// An address or a network (`10.0.0.7`, `10.0.0.0/8`, `::1`) whose forwarding headers are
/// believed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrustedProxy(IpNet);

impl TrustedProxy {
    /// Whether `address` is this proxy, or in this network.
    pub fn contains(&self, address: IpAddr) -> bool {
        self.0.contains(&address)
    }
}

impl FromStr for TrustedProxy {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        text.parse::<IpNet>()
            .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
            .map(TrustedProxy)
            .map_err(|_| format!("'{text}' is not an IP address or a network such as 10.0.0.0/8"))
    }
}

impl<'de> Deserialize<'de> for TrustedProxy {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The header trusted proxies name the client in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ForwardedHeader {
    /// `X-Forwarded-For: client, proxy1, ...` (nginx, HAProxy, most cloud load balancers).
    #[default]
    XForwardedFor,
    /// `Forwarded: for=client, for=proxy1` (RFC 7239).
    Forwarded,
}

/// The address a request comes from, as the gateway decided it (in the request's extensions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

/// The address limits and refusal counts key on: IPv4 as it is (also when mapped into IPv6),
/// IPv6 by its /64.
pub fn limit_key(address: IpAddr) -> IpAddr {
    match address.to_canonical() {
        IpAddr::V6(v6) => {
            let s = v6.segments();
            IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
        }
        v4 => v4,
    }
}

fn trusted(proxies: &[TrustedProxy], address: IpAddr) -> bool {
    proxies.iter().any(|p| p.contains(address))
}

/// The addresses a `Forwarded` header (RFC 7239) lists in its `for=` parameters, in order; an
/// obfuscated or unknown `for` is `None`.
fn forwarded_for(headers: &HeaderMap) -> Option<Vec<Option<IpAddr>>> {
    let mut out = Vec::new();
    for value in headers.get_all("forwarded") {
        let text = value.to_str().ok()?;
        for element in text.split(',') {
            for pair in element.split(';') {
                let Some((name, value)) = pair.trim().split_once('=') else {
                    continue;
                };
                if name.trim().eq_ignore_ascii_case("for") {
                    out.push(node_address(value.trim().trim_matches('"')));
                }
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The address of a node: `192.0.2.60`, `192.0.2.60:4711`, `[2001:db8::1]:4711`, `2001:db8::1`.
fn node_address(node: &str) -> Option<IpAddr> {
    if let Ok(address) = node.parse() {
        return Some(address);
    }
    if let Some(rest) = node.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok();
    }
    node.rsplit_once(':')?.0.parse().ok()
}

fn x_forwarded_for(headers: &HeaderMap) -> Option<Vec<Option<IpAddr>>> {
    let mut out = Vec::new();
    for value in headers.get_all("x-forwarded-for") {
        let text = value.to_str().ok()?;
        out.extend(text.split(',').map(|node| node_address(node.trim())));
    }
    (!out.is_empty()).then_some(out)
}

/// The client address of a request whose peer is `peer`, behind proxies that write `header`.
pub fn resolve(
    proxies: &[TrustedProxy],
    header: ForwardedHeader,
    peer: IpAddr,
    headers: &HeaderMap,
) -> IpAddr {
    let peer = peer.to_canonical();
    if !trusted(proxies, peer) {
        return peer;
    }
    let chain = match header {
        ForwardedHeader::XForwardedFor => x_forwarded_for(headers),
        ForwardedHeader::Forwarded => forwarded_for(headers),
    };
    let Some(chain) = chain else {
        return peer;
    };
    let chain: Vec<Option<IpAddr>> = chain
        .into_iter()
        .map(|hop| hop.map(|a| a.to_canonical()))
        .collect();
    // From the nearest hop outwards: the first address that is not a trusted proxy is the
    // client. An unreadable entry ends the walk at the last address known to be honest.
    let mut client = peer;
    for hop in chain.iter().rev() {
        match hop {
            Some(address) if trusted(proxies, *address) => client = *address,
            Some(address) => return *address,
            None => return client,
        }
    }
    client
}

/// The client address of `request` (0.0.0.0 when it has no peer, as in tests without a socket).
pub fn of(proxies: &[TrustedProxy], header: ForwardedHeader, request: &ServiceRequest) -> IpAddr {
    let peer = request
        .peer_addr()
        .map_or(IpAddr::from([0, 0, 0, 0]), |a| a.ip());
    resolve(proxies, header, peer, request.headers())
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderName, HeaderValue};

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        map
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn forwarding_headers_are_believed_only_from_trusted_proxies() {
        let proxies: Vec<TrustedProxy> = ["10.0.0.0/8", "192.0.2.1"]
            .iter()
            .map(|p| p.parse().unwrap())
            .collect();
        let xff = ForwardedHeader::XForwardedFor;
        let spoofed = headers(&[("x-forwarded-for", "203.0.113.9")]);
        assert_eq!(
            resolve(&proxies, xff, ip("198.51.100.7"), &spoofed),
            ip("198.51.100.7")
        );
        assert_eq!(
            resolve(&proxies, xff, ip("10.1.2.3"), &spoofed),
            ip("203.0.113.9")
        );
        assert_eq!(resolve(&[], xff, ip("10.1.2.3"), &spoofed), ip("10.1.2.3"));
        // A chain: the client may prepend anything; the last untrusted hop is the client.
        let chain = headers(&[("x-forwarded-for", "1.2.3.4, 203.0.113.9, 10.0.0.5")]);
        assert_eq!(
            resolve(&proxies, xff, ip("192.0.2.1"), &chain),
            ip("203.0.113.9")
        );
        // Only the header the proxies write is read: a client's own Forwarded passed through
        // by a proxy that writes X-Forwarded-For changes nothing.
        let both = headers(&[
            ("forwarded", "for=198.51.100.99"),
            ("x-forwarded-for", "203.0.113.9"),
        ]);
        assert_eq!(
            resolve(&proxies, xff, ip("10.0.0.1"), &both),
            ip("203.0.113.9")
        );
        let fwd = ForwardedHeader::Forwarded;
        assert_eq!(
            resolve(&proxies, fwd, ip("10.0.0.1"), &both),
            ip("198.51.100.99")
        );
        // Forwarded with ports, quotes and IPv6.
        let forwarded = headers(&[(
            "forwarded",
            "for=\"[2001:db8::17]:4711\";proto=https, for=10.0.0.9",
        )]);
        assert_eq!(
            resolve(&proxies, fwd, ip("10.0.0.1"), &forwarded),
            ip("2001:db8::17")
        );
        let with_port = headers(&[("forwarded", "for=198.51.100.20:5000")]);
        assert_eq!(
            resolve(&proxies, fwd, ip("10.0.0.1"), &with_port),
            ip("198.51.100.20")
        );
        // An obfuscated node stops the walk at the last honest address.
        let hidden = headers(&[("forwarded", "for=_hidden, for=10.0.0.3")]);
        assert_eq!(
            resolve(&proxies, fwd, ip("10.0.0.1"), &hidden),
            ip("10.0.0.3")
        );
        // Without a header, the proxy itself.
        assert_eq!(
            resolve(&proxies, xff, ip("10.0.0.1"), &HeaderMap::new()),
            ip("10.0.0.1")
        );
        // A proxy seen through a dual-stack listener is still the proxy.
        assert_eq!(
            resolve(&proxies, xff, ip("::ffff:10.0.0.1"), &spoofed),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn limits_key_on_ipv4_addresses_and_ipv6_blocks() {
        assert_eq!(limit_key(ip("::ffff:192.0.2.7")), ip("192.0.2.7"));
        assert_eq!(limit_key(ip("192.0.2.7")), ip("192.0.2.7"));
        assert_eq!(
            limit_key(ip("2001:db8:1:2:aaaa:bbbb:cccc:dddd")),
            ip("2001:db8:1:2::")
        );
        assert_eq!(
            limit_key(ip("2001:db8:1:2::1")),
            limit_key(ip("2001:db8:1:2:ffff::9"))
        );
        assert_ne!(
            limit_key(ip("2001:db8:1:2::1")),
            limit_key(ip("2001:db8:1:3::1"))
        );
    }

    #[test]
    fn trusted_proxies_are_addresses_or_networks() {
        assert!("10.0.0.0/8".parse::<TrustedProxy>().is_ok());
        assert!("::1".parse::<TrustedProxy>().is_ok());
        assert_eq!(
            "10.0.0".parse::<TrustedProxy>(),
            Err("'10.0.0' is not an IP address or a network such as 10.0.0.0/8".to_owned())
        );
    }
}
