"""The write side: the one write path every response goes through (recording), misuse
flags and their sources, and importing past results."""
