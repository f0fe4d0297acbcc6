"""Every write to bookings, split by subject: series (request and book), conflicts (space claims),
exceptions (cancel, move, re-add, split), approval (decide, trust, options), feeds and ical (iCalendar),
mail (messages after commit). Callers check permissions first; each write is atomic and audited."""
