"""Pure computation for the annual report: tallies in, results out.

Imports questionnaires/ and the standard library only, never flask or sqlalchemy,
so every number can be produced in a notebook, a cron job or a test.
"""
