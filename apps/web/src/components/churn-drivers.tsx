import { driverDetail, driverSentence, type ChurnDriverView } from '~/lib/churn-drivers';

/** Why a customer is at risk: their top drivers as sentences, strongest first. */
export function ChurnDrivers({
  drivers,
  limit = 3,
}: {
  drivers: ChurnDriverView[];
  limit?: number;
}) {
  const shown = drivers.slice(0, limit);
  if (shown.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="driver-list" data-testid="churn-drivers">
      {shown.map((d) => (
        <li key={d.feature} title={driverDetail(d)} data-feature={d.feature}>
          {driverSentence(d)}
        </li>
      ))}
    </ul>
  );
}
