"""Read queries: functions taking a Session first, aggregating in SQL, returning frozen
dataclasses (never ORM objects), so results can cross threads."""
