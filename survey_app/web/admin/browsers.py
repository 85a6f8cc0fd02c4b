"""The browser and system of a sign-in, in a few words: «Firefox 133 sous Linux».

Kept with the session (accounts/sessions.py) so that «Mon compte» can tell a person's
sessions apart before they end the others. Only this label is kept, not the User-Agent.
The rules are ua-parser's (uap-core); the first parse in a process loads them (~0.1 s),
later ones take under a millisecond, once per sign-in.
"""

from __future__ import annotations

from flask import request
from ua_parser import parse

LONGEST = 512
"""Characters of a User-Agent read: real ones are shorter, and the rules are regular
expressions, which a made-up header of kilobytes could keep busy."""
UNKNOWN = ("Other", "Generic Smartphone", "Generic Feature Phone", "Generic Tablet")


def device_label(user_agent: str | None = None) -> str | None:
    """«Chrome 131 sous Windows», «Mobile Safari 17 sous iOS (iPhone)»; None when the
    browser is not recognised (a script, an empty header). Defaults to this request's."""
    if user_agent is None:
        user_agent = request.user_agent.string
    if not user_agent:
        return None
    found = parse(user_agent[:LONGEST])
    browser = found.user_agent
    if browser is None or browser.family in UNKNOWN:
        return None
    label = f"{browser.family} {browser.major}" if browser.major else browser.family
    if found.os is not None and found.os.family not in UNKNOWN:
        label += f" sous {found.os.family}"
    if found.device is not None and found.device.family not in UNKNOWN:
        label += f" ({found.device.family})"
    return label[:80]
