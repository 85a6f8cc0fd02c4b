#!/bin/sh
# Demonstration helper of docs/deployment.md, section 1: COUNT new responses to the demo
# campaign 'accueil' through the JSON API of BASE_URL; prints how many got each status.
# Usage: post.sh BASE_URL COUNT [curl options]
base=$1; count=$2; shift 2
i=0
while [ $i -lt $count ]; do
  id=$(cat /proc/sys/kernel/random/uuid)
  curl -s -o /dev/null -w '%{http_code}\n' "$@" -X POST "$base/api/v1/campaigns/accueil/responses" \
    -H 'Content-Type: application/json' \
    -d "{\"id\": \"$id\", \"channel\": \"web\", \"lang\": \"fr\", \"answers\": {\"profil\": \"particulier\", \"satisfaction_globale\": \"satisfait\"}}"
  i=$((i+1))
done | sort | uniq -c
