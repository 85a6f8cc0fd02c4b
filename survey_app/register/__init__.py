"""The requests register: réclamations, suggestions and demandes d'information per site.

Beside counts/, collect/ and accounts/ (independent of them): entries.py changes entries
(flush only, the caller commits), reading.py reads them and their figures, privacy.py
purges what identifies a person.
"""
