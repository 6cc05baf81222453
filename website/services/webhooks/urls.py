"""Which webhook URLs the app may call: refusing the ones that reach inside our network.

A URL is checked when it is saved and again before every delivery, and the delivery connects
to the very address that was checked, so a host name that later resolves elsewhere (DNS
rebinding) still cannot reach a private address.
"""
import ipaddress
import re
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask_babel import gettext as _

from website.models.webhook import URL_MAX_LENGTH

# Hosts like "0x7f000001", "2130706433" or "0177.0.0.1": resolvers read them as addresses,
# people do not, so they only ever serve to disguise one.
DISGUISED_ADDRESS = re.compile(r"^(0x[0-9a-f]+|\d+)(\.(0x[0-9a-f]+|\d+)){0,3}$", re.IGNORECASE)


class UnsafeURL(ValueError):
    """A URL the app refuses to call; the message says why, in words for the form."""


class UnknownHost(UnsafeURL):
    """The host name does not resolve (now): refused in a form, retried at delivery."""


@dataclass(frozen=True)
class Target:
    """A checked URL and the address to connect to for it."""

    scheme: str
    host: str
    port: int
    path: str
    address: str


def check(url: str, *, https_only: bool, allow_loopback: bool) -> Target:
    """Return where to connect for `url`, raising UnsafeURL if it is malformed or not public."""
    if len(url) > URL_MAX_LENGTH:
        raise UnsafeURL(_("Use a URL of at most %(count)s characters.", count=URL_MAX_LENGTH))
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise UnsafeURL(_("Enter a valid URL.")) from error
    allowed = ("https",) if https_only else ("https", "http")
    if parts.scheme not in allowed:
        raise UnsafeURL(_("Use an https:// URL.") if https_only
                        else _("Use an http:// or https:// URL."))
    host = parts.hostname
    if not host:
        raise UnsafeURL(_("Enter a URL with a host name."))
    if parts.username is not None or parts.password is not None:
        raise UnsafeURL(_("Leave user names and passwords out of the URL."))
    if DISGUISED_ADDRESS.match(host) and not _dotted_quad(host):
        raise UnsafeURL(_("Write an IP address in the usual dotted form, or use a host name."))
    port = port or (443 if parts.scheme == "https" else 80)
    address = _public_address(host, port, allow_loopback)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, host, port, path, address)


def _dotted_quad(host: str) -> bool:
    try:
        return str(ipaddress.IPv4Address(host)) == host
    except ValueError:
        return False


def _public_address(host: str, port: int, allow_loopback: bool) -> str:
    """Resolve `host` and return its first address, if every address it has is public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise UnknownHost(_("The host %(host)s cannot be found.", host=host)) from error
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    for address in addresses:
        if not _allowed(address, allow_loopback):
            raise UnsafeURL(_("The host %(host)s points to a private or reserved address "
                              "(%(address)s); webhooks only call public internet addresses.",
                              host=host, address=address))
    return str(addresses[0])


def _allowed(address: ipaddress.IPv4Address | ipaddress.IPv6Address,
             allow_loopback: bool) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and (
            address.ipv4_mapped or address.sixtofour or address.teredo):
        return False  # an IPv4 address in disguise
    if address.is_loopback:
        return allow_loopback
    return address.is_global and not address.is_multicast and not address.is_reserved
