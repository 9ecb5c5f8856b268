"""Oversight API: rectification."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["oversight"])
