import type { Site, Telemetry } from '../protocol';
import type { Twin } from '../twin/twin';

/** The live twin a recorder takes keyframes of, and the twin time the ingest applied the current batch at. */
export interface RecordingSource {
  twin: Twin;
  now(): number;
}

/** What a restart gets back from the recording: the twin as it was, and the recent (id, seq) keys for dedupe. */
export interface RestoredState {
  twin: Twin;
  seen: { id: string; seq: number }[];
  recording: string;
  ts: number;
}

/** Where accepted telemetry becomes durable; `append` resolves only after the commit that holds it. */
export interface Recorder {
  /** Directory of the recordings it writes, where replay and the API read them. */
  readonly dir?: string;
  append(msgs: readonly Telemetry[]): Promise<void>;
  /** Engine outputs, alerts and operator actions, in time order. */
  event(ts: number, kind: string, data: unknown): void;
  close(): Promise<void>;
  /** Starts keyframes and receive-time stamps from the live twin; every appended message must already be applied to it. */
  attach?(source: RecordingSource): void;
  /** The twin and dedupe keys as the recording left them (a restart); undefined when there is nothing to restore. */
  restore?(site: Site): RestoredState | undefined;
  /** Called when writing starts failing (with the error) and when it works again (undefined). */
  onHealth?(listener: (error: Error | undefined) => void): void;
  /** Called after each group commit with how long it took, seconds (for the metrics). */
  onCommit?(listener: (seconds: number) => void): void;
  /** Recordings open for writing (retention leaves them alone). */
  openDays?(): string[];
}

/** Keeps nothing: tests of parts that do not care about durability. */
export class NullRecorder implements Recorder {
  async append(): Promise<void> {}
  event(): void {}
  async close(): Promise<void> {}
}
