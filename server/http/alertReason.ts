import { ownValue, type Alert } from '../protocol';

/** An alert's reason in plain English for the API (the screens say it in their own language from `kind` and `params`). */
export function alertReason(a: Alert): string {
  const p = (k: string): string => String(ownValue(a.params, k) ?? '?');
  const where = [a.crossing, ownValue(a.params, 'direction')].filter((x) => x !== undefined).join(' ');
  switch (a.kind) {
    case 'wait-mean':
      return `${where}: ${p('queue')} waiting, mean wait ${p('waitMin')} min (threshold ${p('thresholdMin')} min)`;
    case 'wait-p95':
      return `${where}: ${p('queue')} waiting, p95 wait ${p('waitMin')} min (threshold ${p('thresholdMin')} min)`;
    case 'perishable-near':
      return `${where}: a perishable load has waited ${p('maxWaitMin')} min of its ${p('limitMin')} min limit`;
    case 'perishable-wait':
      return `${where}: ${p('count')} perishable loads over the ${p('limitMin')} min limit (longest ${p('maxWaitMin')} min)`;
    case 'yard-fill':
      return `${where}: yard ${p('count')} / ${p('capacity')}`;
    case 'shortfall':
      return `${where}: projected ${p('projected')} cleared today against a target of ${p('target')}`;
    case 'no-clearance':
      return `${where}: nothing cleared for ${p('minutes')} min while open, ${p('queue')} waiting`;
    case 'agv-idle':
      return `${p('corridor')}: ${p('idle')} AGVs idle while ${p('containers')} containers wait (${p('minutes')} min)`;
    case 'queue-high':
      return `${where}: ${p('queue')} trucks queued (threshold ${p('threshold')})`;
    case 'queue-growing':
      return `${where}: queue growing ${p('perHour')}/h, cleared ${p('clearedLastHour')} in the last hour`;
    case 'lane-closed':
      return `lane ${p('lane')} closed`;
    case 'agv-fault':
      return `AGV ${a.subject ?? '?'} in fault`;
    case 'agv-low-battery':
      return `AGV ${a.subject ?? '?'} battery ${p('battery')} %`;
    case 'sensor-stale':
      return `${p('device')} ${p('id')} silent`;
    case 'after-hours':
      return `${where}: ${p('queue')} trucks waiting after closing (${p('open')}–${p('close')})`;
    case 'engine-error':
    case 'recorder-error':
      return p('message');
    case 'entity-quarantined':
      return `${a.subject ?? 'an entity'} left out of planning`;
  }
}
