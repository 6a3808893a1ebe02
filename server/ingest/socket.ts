import type { Namespace } from 'socket.io';
import type { Logger } from 'pino';
import { principalOf, requireRole } from '../auth';
import type { SecurityEdge } from '../security/edge';
import type { TokenStore } from '../tokens';
import type { CommandRouter } from './commands';
import { MAX_BATCH } from '../protocol';
import type { IngestFn } from '../ingest/ingestFn';
import { markSchemaChecked } from './batchFacts';

/**
 * The `/ingest` namespace: device tokens only; `telemetry` batches acked after durable commit. Before the
 * pipeline, the security edge checks each batch: a message over the size limit disconnects its sender, a device
 * over its message rate gets `{ error: 'rate limited…' }` and resends later; both are counted.
 */
export function mountIngest(ns: Namespace, deps: { tokens: TokenStore; ingest: IngestFn; commands: CommandRouter; log: Logger; security?: SecurityEdge }): void {
  ns.use(requireRole(deps.tokens, ['device', 'admin']));
  ns.on('connection', (socket) => {
    const who = principalOf(socket);
    deps.log.info({ device: who.name, socket: socket.id }, 'device connected');
    socket.on('telemetry', (batch: unknown, ack: unknown) => {
      if (typeof ack !== 'function') {
        if (deps.security) deps.security.counters.badBatches++;
        socket.emit('error:protocol', 'telemetry needs an ack callback');
        return;
      }
      const gate = deps.security?.admitTelemetry(who, batch);
      if (gate && !gate.ok) {
        ack({ error: gate.error });
        if (gate.disconnect) deps.security!.disconnect(socket, gate.error);
        else deps.security!.strike(socket);
        return;
      }
      if (gate?.valid) markSchemaChecked(batch);
      // Refused whole by the pipeline (with its reason); counted here, where the batch arrived.
      if (deps.security && (!Array.isArray(batch) || batch.length === 0 || batch.length > MAX_BATCH)) deps.security.counters.badBatches++;
      deps.ingest(batch, `socket:${socket.id}`).then(
        (r) => ack(r),
        (e: Error) => ack({ error: e.message }),
      );
    });
    socket.on('disconnect', (reason) => {
      deps.commands.forget(socket.id);
      deps.log.info({ device: who.name, reason }, 'device disconnected');
    });
  });
}
