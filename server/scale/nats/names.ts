/** NATS names allow fewer characters than a site or node id may hold. */
export function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** Every JetStream stream, KV bucket and subject a site uses in NATS mode (tests delete them after). */
export function natsNames(site: string): { stream: string; subject: string; leaderBucket: string; outputsBucket: string; laneSet: string; alertAck: string; commands: (node: string) => string } {
  const s = safeName(site);
  return {
    stream: `GATETWIN_${s}`,
    subject: `gatetwin.${s}.log`,
    leaderBucket: `gatetwin_${s}_leader`,
    outputsBucket: `gatetwin_${s}_outputs`,
    laneSet: `gatetwin.${s}.lane-set`,
    alertAck: `gatetwin.${s}.alert-ack`,
    commands: (node) => `gatetwin.${s}.cmd.${safeName(node)}`,
  };
}
