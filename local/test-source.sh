#!/usr/bin/env bash
# Pushes a test pattern with a 1 kHz tone into local mode's channel input, as OBS would (media mode only).
#   ./local/test-source.sh [rtmp://127.0.0.1:1935/live/lunora-player-prod-obs-rtmp-input]
# Stop it with Ctrl-C; the channel then shows its slate, as MediaLive does when the input is lost.
set -euo pipefail
url="${1:-rtmp://127.0.0.1:1935/live/lunora-player-prod-obs-rtmp-input}"
command -v ffmpeg >/dev/null 2>&1 || { echo "needs ffmpeg: apt-get install ffmpeg" >&2; exit 1; }
exec ffmpeg -nostdin -hide_banner -loglevel warning -re \
  -f lavfi -i "testsrc2=size=1280x720:rate=30" -f lavfi -i "sine=frequency=1000" \
  -c:v libx264 -preset veryfast -tune zerolatency -g 60 -b:v 2500k -c:a aac -b:a 128k \
  -f flv "$url"
