"""Booking pages. Thin: getter → form → service → redirect (PRG), HTMX partials where they help."""
