/**
 * The `default` of an exhaustive switch: it compiles only when every member of the union has its case, so adding a
 * member (a telemetry kind, a policy) is a compile error at every switch that does not handle it yet.
 */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}
