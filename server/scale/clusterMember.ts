import type { Server } from 'socket.io';
import type { BridgeHost } from '../devices/bridges';
import type { Readiness } from '../http/readiness';
import type { IngestPipeline } from '../ingest/pipeline';
import type { IngestFn } from '../ingest/ingestFn';
import type { LiveHub } from '../live';

/**
 * What a gateway joining a site's cluster needs of its app (app.ts's `App` is one). The scale layer sits under the
 * app, so it names these parts instead of importing the app.
 */
export interface ClusterMember extends BridgeHost {
  io: Server;
  live: LiveHub;
  pipeline: IngestPipeline;
  ops: { readiness: Readiness };
  /** Takes over as leader: reloads the twin and the dedupe windows from the (shared) recording. */
  promote(): void;
  /** Runs or stops the engine and frame loops: only the site's leader runs them. */
  setLeader(leader: boolean): void;
  /** Routes device batches elsewhere (a follower hands them to the leader); undefined = this process's pipeline. */
  setIngest(ingest: IngestFn | undefined): void;
}
