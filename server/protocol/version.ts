/** Version of the ingest and viewer wire protocol; bumped on any breaking change. */
export const PROTOCOL_VERSION = 1;

/**
 * Revision within a version: bumped when a message gains an optional field. The rules: a new field is always
 * optional, so every message a device of an older revision sends stays valid; a server reads a missing field as
 * "not known" and never as false; removing or renaming a field, or making one required, is a new version.
 */
export const PROTOCOL_REVISION = 2;

/** The optional fields each revision added (`kind.field`), for the published schema. */
export const PROTOCOL_REVISIONS: readonly { revision: number; added: readonly string[] }[] = [
  { revision: 1, added: [] },
  { revision: 2, added: ['truck.mode', 'truck.thirdCountry'] },
];
