import { z } from 'zod';
import { EpochMsSchema, IdSchema } from './common';

/** An AGV mission's fields: the same in the engine's plan and in the command the AGV gets. */
export const missionFields = {
  agv: IdSchema,
  mission: z.enum(['carry', 'charge', 'park']),
  corridor: IdSchema,
  /** Yard or charger the AGV drives to first (pickup point, or the charger). */
  from: IdSchema,
  /** Where the mission ends (drop-off yard, or the charger for `charge`). */
  to: IdSchema,
  container: IdSchema.optional(),
};

/** Server → device: take a container along a corridor, go charge, or park. */
export const AgvMissionCommandSchema = z.strictObject({
  type: z.literal('agv:mission'),
  commandId: IdSchema,
  ...missionFields,
  issuedAt: EpochMsSchema,
});
export type AgvMissionCommand = z.infer<typeof AgvMissionCommandSchema>;

/** Server → device: call a waiting truck forward to a lane, expected to enter it at `at`. */
export const TruckCallCommandSchema = z.strictObject({
  type: z.literal('truck:call'),
  commandId: IdSchema,
  truck: IdSchema,
  crossing: IdSchema,
  lane: IdSchema,
  at: EpochMsSchema,
  issuedAt: EpochMsSchema,
});
export type TruckCallCommand = z.infer<typeof TruckCallCommandSchema>;

/** A `command` the server emits on the socket of the device (or gateway) that reports the vehicle. */
export const CommandSchema = z.discriminatedUnion('type', [AgvMissionCommandSchema, TruckCallCommandSchema]);
export type Command = z.infer<typeof CommandSchema>;

/** Reply shape for every request/response exchange: devices acking commands, operators' commands. */
export type Reply<T = undefined> = { ok: true; data: T } | { ok: false; error: string };

/**
 * A device's reply to a command over MQTT, on `gatetwin/<site>/<kind>/<id>/command/reply`: the command it answers
 * (a socket reply is tied to its command by the ack callback; a topic needs the id).
 */
export const MqttCommandReplySchema = z.strictObject({
  // Command ids embed a vehicle id and a time, so they may be longer than an id.
  commandId: z.string().min(1).max(200),
  ok: z.boolean(),
  error: z.string().max(500).optional(),
});
export type MqttCommandReply = z.infer<typeof MqttCommandReplySchema>;
