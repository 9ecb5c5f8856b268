"""`renda demo`: migrate, load 吴江区 from the official divisions, build the demo district, print the demo
accounts and serve the app (with the background worker) unless --no-serve."""

from __future__ import annotations

import os
from importlib import import_module

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.urls import reverse
from django_scopes import scopes_disabled

from renda.core.site import SERVED_URL_ENV, served_url, site_url
from renda.registry.demo import accounts_markdown, build_demo, demo_accounts, full_demo_towns

# Modules with demo data of their own (renda.<path>), in the order they build (each must be idempotent).
DEMO_MODULES = [
    "congress.demo",
    "suggestions.demo",
    "receptions.demo",
    "oversight.demo",
    "oversight.demo_appraisal",
    "campaigns.demo",
    "performance.demo",  # after the others: the record and the assessment read their demo data
    "practices.demo",
]


class Command(BaseCommand):
    help = "准备演示数据（吴江区真实区划 + 虚构人员）并启动服务"

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="只准备数据，不启动服务")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--seed", type=int, default=settings.RENDA["DEMO_SEED"])
        parser.add_argument("--towns", nargs="*", help="只建这些镇（街道）：拼音、代码或名称（测试用）")
        parser.add_argument(
            "--accounts-markdown", action="store_true", help="只输出 README 的演示账号表（不建数据）"
        )

    def handle(self, *args, **opts):
        if opts["accounts_markdown"]:
            self.stdout.write(accounts_markdown(demo_accounts(full_demo_towns())))
            return
        host = os.environ.get("RENDA_HOST", "127.0.0.1")
        if not opts["no_serve"]:  # what is built and printed points at the server about to start
            os.environ[SERVED_URL_ENV] = served_url(host, opts["port"])
        call_command("migrate", interactive=False, verbosity=0)
        with scopes_disabled():  # a command works across towns
            result = build_demo(seed=opts["seed"], towns=opts["towns"], log=self.stdout.write)
            # Each module that has demo data adds it after the registry: renda.<path>.build(seed=, log=).
            for path in DEMO_MODULES:
                import_module(f"renda.{path}").build(seed=opts["seed"], log=self.stdout.write)
        if result.built:
            self.stdout.write(self.style.SUCCESS(f"已建立：{'、'.join(result.built)}"))
        if result.skipped:
            self.stdout.write(f"已存在，跳过：{'、'.join(result.skipped)}")
        for gap in result.gaps:
            self.stdout.write(f"  有意留下的缺口：{gap}")
        if result.free_seats:
            self.stdout.write(f"  空余席位（可用名册模板导入补选代表）：{result.free_seats} 个")
        self.stdout.write(f"用时 {result.seconds:.1f} 秒\n")
        width = max(len(a.username) for a in result.accounts)
        self.stdout.write(f"演示账号（密码 {settings.RENDA['DEMO_PASSWORD']}）：")
        for a in result.accounts:
            self.stdout.write(f"  {a.username.ljust(width)}  {a.role_label}  {a.where}")
        if not opts["no_serve"]:
            base = site_url()
            self.stdout.write(f"登录：{base}{reverse('login')}")
            self.stdout.write(f"群众入口：{base}{reverse('portal:index')}")
            call_command("serve", with_worker=True, host=host, port=opts["port"])
