import type { TelemetryAck } from '../protocol';

/** What every transport hands a telemetry batch to (the pipeline, or a relay to the leader): its ack, or a refusal thrown. */
export type IngestFn = (batch: unknown, origin: string) => Promise<TelemetryAck>;
