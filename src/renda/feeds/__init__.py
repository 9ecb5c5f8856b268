"""Calendar feeds (日历订阅): one iCalendar feed per user at a secret, revocable URL, holding the events the
apps register as sources (reception duties, activities, sessions, deadlines one owns)."""
