"""Oversight API: plans."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["oversight"])
