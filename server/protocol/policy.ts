import { z } from 'zod';

/**
 * Scheduling policies by name: the one list the CLI, the environment, what-if requests, recordings and the UI
 * check names against. `fifo-static` is the baseline every improvement is measured against.
 */
export const PolicyNameSchema = z.enum(['default', 'fifo-static']);
export type PolicyName = z.infer<typeof PolicyNameSchema>;
export const POLICY_NAMES: readonly PolicyName[] = PolicyNameSchema.options;

/**
 * The policy a recording was made under (its stored metadata): `default` when it names none, an error naming the
 * known ones when it names one this server does not know.
 */
export function recordedPolicy(name: string | undefined): PolicyName {
  if (name === undefined) return 'default';
  const p = PolicyNameSchema.safeParse(name);
  if (!p.success) throw new Error(`unknown policy "${name}": one of ${POLICY_NAMES.join(', ')}`);
  return p.data;
}
