#!/bin/sh
# Demonstration helper of docs/deployment.md, section 2: COUNT new responses to CAMPAIGN
# through nginx (https://localhost:8443, self-signed certificate), SATISFIED_SHARE_PERCENT
# of them satisfied overall; prints how many got each status.
# Usage: post-to.sh CAMPAIGN COUNT [SATISFIED_SHARE_PERCENT]
campaign=$1; count=$2; share=${3:-80}
i=0
while [ $i -lt $count ]; do
  id=$(cat /proc/sys/kernel/random/uuid)
  if [ $(( $(od -An -N1 -tu1 /dev/urandom) * 100 / 256 )) -lt $share ]; then overall=satisfait; else overall=peu_satisfait; fi
  curl -sS --cacert /etc/ssl/survey/fullchain.pem -o /dev/null -w '%{http_code}\n' \
    -X POST "https://localhost:8443/api/v1/campaigns/$campaign/responses" \
    -H 'Content-Type: application/json' \
    -d "{\"id\": \"$id\", \"channel\": \"web\", \"lang\": \"fr\", \"answers\": {\"profil\": \"particulier\", \"satisfaction_globale\": \"$overall\"}}"
  i=$((i+1))
done | sort | uniq -c
