"""Pages of /mijn/: the account page, privacy requests, invitations and roles."""
