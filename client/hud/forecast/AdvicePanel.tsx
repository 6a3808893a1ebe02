import { useForecast } from '../../state/forecastStore';
import { useUi } from '../../state/uiStore';
import { AdviceList } from './AdviceList';

/** The executive's "what to do": the forecast's advice for the site on screen; operators of the live twin apply lane ones. */
export function AdvicePanel() {
  const forecast = useForecast((s) => s.forecast);
  const site = useUi((s) => s.site);
  const hello = useUi((s) => s.hello);
  if (!site) return null;
  const operator = hello?.mode === 'live' && (hello.role === 'operator' || hello.role === 'admin');
  return <AdviceList forecast={forecast} site={site} operator={operator} />;
}
