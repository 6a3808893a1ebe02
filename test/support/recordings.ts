import type { Telemetry } from '../../server/protocol';
import { listRecordings } from '../../server/recorder/dayFile';
import { RecordingReader } from '../../server/recorder/reader';

/** Every message of every day recording in `dir` (what-if runs excluded), in stream order per day. */
export function recordedMessages(dir: string): { msg: Telemetry; rt: number; day: string }[] {
  const out: { msg: Telemetry; rt: number; day: string }[] = [];
  for (const r of listRecordings(dir).filter((x) => x.kind === 'day')) {
    const reader = new RecordingReader(dir, r.name);
    try {
      reader.cursor(0).take(Infinity, (msg, rt) => out.push({ msg, rt, day: r.name }));
    } finally {
      reader.close();
    }
  }
  return out;
}
