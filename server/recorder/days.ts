/** Site-local calendar day (UTC+7 by default) of an epoch-ms instant, as `YYYY-MM-DD`. */
export function localDay(ts: number, utcOffsetHours = 7): string {
  return new Date(ts + utcOffsetHours * 3_600_000).toISOString().slice(0, 10);
}
