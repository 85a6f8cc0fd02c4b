#!/bin/sh
# Online backup of a prefecture server's SQLite database: safe while `survey serve` writes
# (SQLite's backup API copies a consistent snapshot), checked, kept 30 days.
# Usage: sqlite-backup.sh [DATABASE] [BACKUP_DIRECTORY]; cron: see docs/deployment.md.
set -eu
umask 077  # backups hold every response: readable by the service account only
database=${1:-/srv/survey/app/instance/survey.db}
directory=${2:-/srv/survey/backups}
mkdir -p "$directory"
backup="$directory/survey-$(date +%Y-%m-%dT%H%M%S).db"
sqlite3 "$database" ".backup '$backup'"
check=$(sqlite3 "$backup" "PRAGMA integrity_check")
if [ "$check" != "ok" ]; then
    echo "backup $backup failed its integrity check: $check" >&2
    exit 1
fi
find "$directory" -name 'survey-*.db' -mtime +30 -delete
echo "$backup"
