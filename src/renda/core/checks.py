"""Start-up checks (`renda check`, and every `renda serve`/`migrate`): a PDF needs a CJK font on the server,
or WeasyPrint draws boxes for every Chinese character (docs/deploy.md names the package: fonts-noto-cjk)."""

from __future__ import annotations

import shutil
import subprocess

from django.core import checks
from django.utils.translation import gettext as _


def cjk_fonts() -> list[str]:
    """The font families fontconfig knows that cover Chinese (`fc-list :lang=zh family`); [] without fontconfig."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        out = subprocess.run(
            [fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted({line.strip() for line in out.splitlines() if line.strip()})


@checks.register()
def cjk_font_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if cjk_fonts():
        return []
    return [
        checks.Warning(
            _("服务器上没有中文字体：生成的 PDF 中汉字会显示为方框"),
            hint=_(
                "请安装中文字体，例如 Debian/Ubuntu 上执行 apt-get install fonts-noto-cjk，见 docs/deploy.md"
            ),
            id="renda.W001",
        )
    ]
