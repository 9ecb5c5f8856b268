"""Fill in the public appeal form the way a voter does: read the arithmetic question, answer it."""

from __future__ import annotations

import re

CN = "零一二三四五六七八九十"


def solve(html: str) -> tuple[str, str]:
    """(challenge token, answer) from the rendered appeal form."""
    token = re.search(r'name="challenge" value="([^"]+)"', html).group(1)
    a, b = re.search(r"([零一二三四五六七八九十]) 加 ([零一二三四五六七八九十]) 等于几", html).groups()
    return token, str(CN.index(a) + CN.index(b))


def appeal_post(
    client,
    url: str,
    *,
    phone: str = "13912345678",
    content: str = "路灯坏了，晚上很黑。",
    ip: str = "10.0.0.1",
    **extra,
):
    page = client.get(url, REMOTE_ADDR=ip)
    assert page.status_code == 200
    token, answer = solve(page.content.decode())
    data = {
        "content": content,
        "category": "roads",
        "citizen_name": "王小明",
        "citizen_phone": phone,
        "challenge": token,
        "answer": answer,
        "website": "",
        **extra,
    }
    return client.post(url, data, REMOTE_ADDR=ip)
