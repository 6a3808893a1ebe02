import type { WhatIfRequest } from '../../../server/protocol/replay';
import { idRecord, type IdRecord } from '../../../server/protocol/idRecord';
import type { Site } from '../../../server/protocol/site';
import { shortName } from '../../i18n/names';
import { useLang } from '../../i18n/useLang';

/** The crossing levers as the what-if form holds them ('' = as today). */
export interface LeverForm {
  thirdCountry: IdRecord<boolean>;
  twoWayPilot: '' | 'on' | 'off';
  inspectionCentre: boolean;
}

export const emptyLevers = (): LeverForm => ({ thirdCountry: idRecord(), twoWayPilot: '', inspectionCentre: false });

/** Adds the form's crossing levers to a what-if request (only those moved from today's settings). */
export function withLevers(req: WhatIfRequest, form: LeverForm): WhatIfRequest {
  const out: WhatIfRequest = { ...req };
  if (Object.keys(form.thirdCountry).length) out.thirdCountry = form.thirdCountry;
  if (form.twoWayPilot) out.twoWayPilot = form.twoWayPilot === 'on';
  if (form.inspectionCentre) out.inspectionCentre = true;
  return out;
}

/** Props: the site (its freight crossings), the form and its setter. */
export interface LeverFieldsProps {
  site: Site;
  form: LeverForm;
  onChange: (form: LeverForm) => void;
}

/** The provinces' open questions as form fields: third-country vehicles per crossing, the two-way pilot, an inspection centre. */
export function LeverFields({ site, form, onChange }: LeverFieldsProps) {
  const { t, lang } = useLang();
  const freight = site.crossings.filter((c) => c.kind === 'freight' && c.lanes.some((l) => l.classes.includes('truck')));
  const setThird = (id: string, on: boolean) => {
    const next = idRecord(form.thirdCountry);
    if (on) next[id] = true;
    else delete next[id];
    onChange({ ...form, thirdCountry: next });
  };
  return (
    <fieldset className="levers" data-testid="levers">
      <legend>{t('levers.title')}</legend>
      {freight.map((c) => (
        <label key={c.id} className="check">
          <input type="checkbox" checked={form.thirdCountry[c.id] === true} onChange={(e) => setThird(c.id, e.target.checked)} data-testid={`lever-third-${c.id}`} />
          <span>
            {t('levers.thirdCountry')} · {shortName(c.name[lang])}
          </span>
        </label>
      ))}
      <label>
        <span>{t('levers.twoWayPilot')}</span>
        <select value={form.twoWayPilot} onChange={(e) => onChange({ ...form, twoWayPilot: e.target.value === 'on' ? 'on' : e.target.value === 'off' ? 'off' : '' })}>
          <option value="">{t('levers.keepRule')}</option>
          <option value="on">{t('levers.on')}</option>
          <option value="off">{t('levers.off')}</option>
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={form.inspectionCentre} onChange={(e) => onChange({ ...form, inspectionCentre: e.target.checked })} data-testid="lever-inspection" />
        <span>{t('levers.inspectionCentre')}</span>
      </label>
    </fieldset>
  );
}
