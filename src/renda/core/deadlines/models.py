"""Due-date rules, clocks and the reminder log (issue 3)."""
