"""Notifications: inbox, e-mail, SMS (issue 3)."""
