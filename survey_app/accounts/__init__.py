"""Who may act: officers' accounts (users) and the hall tablets (devices)."""
