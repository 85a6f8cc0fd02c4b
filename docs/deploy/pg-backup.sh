#!/bin/sh
# Nightly pg_dump of the national database (a consistent snapshot, safe while the app
# servers write), in pg_restore's custom format, kept 30 days. Reads the database URL
# from the app servers' settings file. Usage: pg-backup.sh [ENV_FILE] [BACKUP_DIRECTORY]
set -eu
umask 077  # dumps hold every response: readable by the service account only
env_file=${1:-/etc/survey/survey.env}
directory=${2:-/srv/survey/backups}
url=$(sed -n 's/^SURVEY_DATABASE_URL=//p' "$env_file" | sed 's/^postgresql+psycopg:/postgresql:/')
mkdir -p "$directory"
dump="$directory/survey_national-$(date +%Y-%m-%dT%H%M%S).dump"
pg_dump "$url" --format=custom --file="$dump"
pg_restore --list "$dump" > /dev/null  # a readable archive, or fail loudly
find "$directory" -name 'survey_national-*.dump' -mtime +30 -delete
echo "$dump"
