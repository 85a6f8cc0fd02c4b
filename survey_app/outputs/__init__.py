"""What the read side feeds: the campaign report, the national view and the raw exports."""
