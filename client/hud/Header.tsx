import { useLang } from '../i18n/useLang';
import { useUi } from '../state/uiStore';
import { Clocks } from './Clocks';
import { ConnectionBadge } from './ConnectionBadge';
import { LanguageSwitch } from './LanguageSwitch';

/** Top bar: name, live/replay, both local times, connection state and (not on the wall) the language switch. */
export function Header({ wall = false }: { wall?: boolean }) {
  const { t } = useLang();
  const mode = useUi((s) => s.hello?.mode);
  return (
    <header className="header">
      <div className="brand">{t('app.title')}</div>
      {mode === 'replay' ? <span className="mode-badge">{t('mode.replay')}</span> : null}
      <Clocks />
      <ConnectionBadge />
      {wall ? null : <LanguageSwitch />}
    </header>
  );
}
