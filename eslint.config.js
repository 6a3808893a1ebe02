import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'http', 'https', 'net', 'crypto', 'child_process', 'worker_threads', 'events', 'stream', 'url', 'util', 'zlib', 'timers'];

// Ids are data, never property names. A plain object used as a map answers `rec['toString']` with
// Object.prototype's function and treats `rec['__proto__'] = x` as a prototype change: one AGV named `toString`
// once made every engine tick throw. Id-keyed collections are `Map`s, or IdRecords (server/protocol/idRecord.ts:
// objects without a prototype, made only by `idRecord()`; a branded type, so a `{}` literal does not type-check as
// one). TypeScript refuses `obj[someString] = x` on an object unless its type has a string index, so banning the
// ways to write such a type catches the plain-object-as-map pattern where it starts:
// - `Record<string, X>` (a cast or an annotation; `Record<string, unknown | never>` stays allowed: reading unknown input),
// - string index signatures `{ [k: string]: X }` (same exception),
// - `z.record(IdSchema, …)` (parses into a plain object: use `idRecordSchema`),
// - `key in obj` with a computed key (true for 'toString' on any plain object: use `Map.has` or `Object.hasOwn`).
// Keys of a closed union (`Record<Phase, X>`) are not ids and stay allowed. A `Record<SomeStringAlias, X>` escapes
// the rule; reviewers catch that one.
const notUnknown = ":not([typeArguments.params.1.type=/^TS(Unknown|Never)Keyword$/])";
const idMapSyntax = [
  { selector: `TSTypeReference[typeName.name='Record'][typeArguments.params.0.type='TSStringKeyword']${notUnknown}`, message: 'ids are data: use a Map or an IdRecord (server/protocol/idRecord.ts), not Record<string, …>' },
  { selector: "TSIndexSignature[parameters.0.typeAnnotation.typeAnnotation.type='TSStringKeyword']:not([typeAnnotation.typeAnnotation.type=/^TS(Unknown|Never)Keyword$/])", message: 'ids are data: use a Map or an IdRecord (server/protocol/idRecord.ts), not a string index signature' },
  { selector: "CallExpression[callee.property.name='record'][arguments.0.name='IdSchema']", message: 'z.record parses into a plain object: use idRecordSchema(IdSchema, …)' },
  { selector: "BinaryExpression[operator='in'][left.type!='Literal']", message: "`key in obj` is true for 'toString' on any plain object: use Map.has or Object.hasOwn" },
];

// Layers, lower first: protocol ← engine ← twin ← stream ← ingest / broadcast / recorder / replay / sim ← http / scale ← app.
// The stream core (server/stream) is the one engine loop, frame builder and vehicle card that live, replay, what-if
// and the headless simulator share.
// No import runs back up. Each entry: the folders a layer may not import from (matched anywhere in the import path).
const up = (dirs, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: dirs.flatMap((d) => [`**/${d}/**`, `**/${d}`]).concat(['**/app', '**/live', '**/index']), message }] }],
});
const layerRules = [
  { files: ['server/twin/**/*.ts'], rules: up(['stream', 'forecast', 'ingest', 'broadcast', 'recorder', 'replay', 'http', 'scale', 'devices', 'security', 'sim'], 'the twin sits under ingest, broadcast, recorder, replay, http and scale: no import back up') },
  { files: ['server/stream/**/*.ts'], rules: up(['ingest', 'broadcast', 'recorder', 'replay', 'http', 'scale', 'devices', 'security', 'sim', 'forecast'], 'the stream core sits under ingest, broadcast, recorder, replay and the simulator: no import back up') },
  { files: ['server/broadcast/**/*.ts'], rules: up(['ingest', 'recorder', 'replay', 'http', 'scale', 'devices', 'sim', 'forecast'], 'broadcast sits under http and scale and serves a LiveView: no import back up (not even of live.ts)') },
  { files: ['server/sim/**/*.ts'], rules: up(['ingest', 'broadcast', 'recorder', 'replay', 'http', 'scale', 'security', 'forecast'], 'the simulator plays devices over the public protocols and runs days on the stream core: no import of the server above it') },
  { files: ['server/ingest/**/*.ts'], rules: up(['broadcast', 'replay', 'http', 'scale', 'devices', 'sim'], 'ingest sits under http, scale and devices: no import back up (the ingest function type lives in ingest/)') },
  { files: ['server/recorder/**/*.ts'], rules: up(['ingest', 'broadcast', 'replay', 'http', 'scale', 'devices', 'security', 'sim'], 'the recorder sits under replay, http and scale: no import back up') },
  { files: ['server/replay/**/*.ts'], rules: up(['ingest', 'http', 'scale', 'devices'], 'replay sits under http and scale: no import back up (http/recordingMount.ts composes its routes and namespace)') },
  { files: ['server/security/**/*.ts'], rules: up(['engine', 'twin', 'ingest', 'broadcast', 'recorder', 'replay', 'http', 'scale', 'devices', 'sim'], 'the security edge guards the transports and knows none of the layers behind it') },
  { files: ['server/limits/**/*.ts', 'server/audit/**/*.ts'], rules: up(['engine', 'twin', 'ingest', 'broadcast', 'recorder', 'replay', 'http', 'scale', 'devices', 'security', 'sim'], 'a leaf module: it imports only the protocol and other leaves') },
  { files: ['server/http/**/*.ts', 'server/devices/**/*.ts', 'server/scale/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/app', '**/index'], message: 'route groups, bridges and cluster membership sit under the app: app.ts composes them (scale names a ClusterMember)' }] }] } },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test-output/**', 'scratch.*/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The client may import only the protocol from server/.
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**', '!**/server/protocol', '!**/server/protocol/**'], message: 'client/ may import only server/protocol' }] }],
    },
  },
  {
    files: ['server/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: nodeBuiltins.filter((p) => !p.includes('*')), patterns: [{ group: ['node:*', '../*', '!../protocol'], message: 'the protocol is shared with the browser: no Node, no other server module' }] }],
    },
  },
  {
    files: ['server/**/*.ts', 'client/**/*.{ts,tsx}'],
    ignores: ['server/protocol/idRecord.ts'],
    rules: { 'no-restricted-syntax': ['error', ...idMapSyntax] },
  },
  ...layerRules,
  {
    files: ['server/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins.filter((p) => !p.includes('*')), 'socket.io', 'better-sqlite3', 'pino'],
          patterns: [{ group: ['node:*', '../twin/**', '../stream/**', '../forecast/**', '../ingest/**', '../broadcast/**', '../recorder/**', '../replay/**', '../sim/**', '../http/**', '../scale/**', '../live', '../app', '../index'], message: 'the engine is pure: it imports only the protocol and itself' }],
        },
      ],
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'setImmediate', 'performance', 'process', 'fetch'],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'time is an argument of the engine' },
        { object: 'Math', property: 'random', message: 'pass a seeded RNG' },
      ],
      'no-restricted-syntax': ['error', ...idMapSyntax, { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'time is an argument of the engine' }],
    },
  },
);
